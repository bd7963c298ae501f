"""(to be written)"""

app_name = "planning"

urlpatterns = []
