from django.urls import path

from controles import views

app_name = "controles"
urlpatterns = [
    path("controles/", views.controle_lijst, name="lijst"),
    path("controles/nieuw/", views.controle_nieuw, name="nieuw"),
    path("controles/planning/", views.planning, name="planning"),
    path("controles/vandaag/", views.vandaag, name="vandaag"),
    path("controles/sw.js", views.service_worker, name="service_worker"),
    path("controles/csrf/", views.csrf_token, name="csrf"),
    path("controles/<int:pk>/", views.controle_detail, name="detail"),
    path("controles/<int:pk>/wijzig/", views.controle_wijzig, name="wijzig"),
    path("controles/<int:pk>/status/", views.controle_status, name="status"),
    path("controles/<int:pk>/objecten/", views.controle_objecten, name="objecten"),
    path("controles/<int:pk>/bezoek/", views.bezoek_nieuw, name="bezoek_nieuw"),
    path("controles/objecten/<int:pk>/verwijder/", views.controle_object_verwijder, name="object_verwijder"),
    path("controles/bezoeken/<int:pk>/", views.bezoek_detail, name="bezoek_detail"),
    path("controles/bezoeken/<int:pk>/wijzig/", views.bezoek_wijzig, name="bezoek_wijzig"),
    path("controles/bezoeken/<int:pk>/signaal/", views.bezoek_signaal, name="bezoek_signaal"),
    path("controles/bezoeken/<int:pk>/foto/", views.foto_toevoegen, name="foto_toevoegen"),
    path("controles/fotos/<int:pk>/", views.foto, name="foto"),
    path("theseus/", views.theseus, name="theseus"),
    path("theseus/<int:terrein_id>/", views.theseus_terrein, name="theseus_terrein"),
    path("theseus/bedrijf/<int:bedrijf_id>/", views.theseus_bedrijf, name="theseus_bedrijf"),
]
