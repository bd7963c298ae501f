"""(to be written)"""

app_name = "workplans"

urlpatterns = []
