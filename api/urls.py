from django.urls import path

from api import paginas, views

app_name = "api"

urlpatterns = [
    path("v1/signalen/", views.SignaalLijst.as_view(), name="signaal_lijst"),
    path("v1/signalen/<int:pk>/", views.SignaalDetail.as_view(), name="signaal_detail"),
    path("v1/adressen/", views.AdresLijst.as_view(), name="adres_lijst"),
    path("v1/adressen/<int:pk>/", views.AdresDetail.as_view(), name="adres_detail"),
    path("v1/bedrijven/", views.BedrijfLijst.as_view(), name="bedrijf_lijst"),
    path("v1/bedrijven/<int:pk>/", views.BedrijfDetail.as_view(), name="bedrijf_detail"),
    path("v1/personen/", views.PersoonLijst.as_view(), name="persoon_lijst"),
    path("v1/personen/<int:pk>/", views.PersoonDetail.as_view(), name="persoon_detail"),
    path("v1/controles/", views.ControleLijst.as_view(), name="controle_lijst"),
    path("v1/controles/<int:pk>/", views.ControleDetail.as_view(), name="controle_detail"),
    path("v1/bezoeken/", views.BezoekLijst.as_view(), name="bezoek_lijst"),
    path("v1/bezoeken/<int:pk>/", views.BezoekDetail.as_view(), name="bezoek_detail"),
    path("v1/acties/", views.ActieLijst.as_view(), name="actie_lijst"),
    path("v1/acties/<int:pk>/", views.ActieDetail.as_view(), name="actie_detail"),
    path("v1/uitgaven/", views.UitgaveLijst.as_view(), name="uitgave_lijst"),
    path("v1/uitgaven/<int:pk>/", views.UitgaveDetail.as_view(), name="uitgave_detail"),
    path("schema/", paginas.SchemaView.as_view(), name="schema"),
    path("docs/", paginas.docs, name="docs"),
    path("import/", paginas.signalen_import, name="import"),
]
