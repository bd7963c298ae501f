"""(to be written)"""

app_name = "facilities"

urlpatterns = []
