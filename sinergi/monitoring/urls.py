"""(to be written)"""

app_name = "monitoring"

urlpatterns = []
