"""(to be written)"""

app_name = "programmes"

urlpatterns = []
