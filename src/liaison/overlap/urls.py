app_name = "overlap"
urlpatterns: list = []
