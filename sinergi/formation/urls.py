"""(to be written)"""

app_name = "formation"

urlpatterns = []
