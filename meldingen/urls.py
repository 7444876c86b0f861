from django.urls import path

from meldingen import views

app_name = "meldingen"
urlpatterns = [
    path("meldingen/", views.notificatie_lijst, name="lijst"),
    path("meldingen/bel/", views.bel, name="bel"),
    path("meldingen/<int:pk>/gelezen/", views.notificatie_lees, name="lees"),
    path("meldingen/alles-gelezen/", views.notificaties_alles_lees, name="alles_lees"),
    path("meldingen/voorkeuren/", views.voorkeuren, name="voorkeuren"),
    path("exports/", views.export_lijst, name="exports"),
    path("exports/<slug:soort>/aanvragen/", views.export_aanvragen, name="export_aanvragen"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
