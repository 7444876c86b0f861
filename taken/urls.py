from django.urls import path

from taken import views

app_name = "taken"
urlpatterns = [
    path("taken/nieuw/<str:soort>/<int:pk>/", views.taak_nieuw, name="nieuw"),
    path("taken/<int:pk>/", views.taak_detail, name="detail"),
    path("taken/<int:pk>/wijzigen/", views.taak_wijzigen, name="wijzigen"),
    path("taken/<int:pk>/afronden/", views.taak_afronden, name="afronden"),
    path("taken/<int:pk>/vervallen/", views.taak_vervallen, name="vervallen"),
]
