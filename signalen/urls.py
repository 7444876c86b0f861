from django.urls import path

from signalen import views

app_name = "signalen"

urlpatterns = [
    path("signalen/", views.signaal_lijst, name="lijst"),
    path("signalen/export.<str:formaat>", views.signaal_export, name="export"),
    path("signalen/nieuw/", views.signaal_nieuw, name="nieuw"),
    path("signalen/<int:pk>/", views.signaal_detail, name="detail"),
    path("signalen/<int:pk>/bewerken/", views.signaal_bewerken, name="bewerken"),
    path("signalen/<int:pk>/bekeken/", views.signaal_bekeken, name="bekeken"),
    path("signalen/<int:pk>/status/", views.signaal_status, name="status"),
    path("signalen/<int:pk>/weging/", views.signaal_weging, name="weging"),
    path("signalen/<int:pk>/opplussen/", views.signaal_opplussen, name="opplussen"),
    path("signalen/<int:pk>/subjecten/<str:soort>/", views.subject_toevoegen, name="subject_toevoegen"),
    path(
        "signalen/<int:pk>/subjecten/<str:soort>/<int:subject_pk>/ontkoppelen/",
        views.subject_ontkoppelen,
        name="subject_ontkoppelen",
    ),
    path("signalen/<int:pk>/riec.pdf", views.riec_pdf, name="riec_pdf"),
    path("signalen/<int:pk>/riec/", views.riec_opstellen, name="riec_opstellen"),
    path("signalen/riec/<int:pk>/status/", views.riec_status, name="riec_status"),
    path("signalen/<int:pk>/interventies/nieuw/", views.interventie_nieuw, name="interventie_nieuw"),
    path("signalen/interventies/<int:pk>/", views.interventie_detail, name="interventie_detail"),
    path(
        "signalen/interventies/<int:pk>/bibob-advies/",
        views.interventie_bibob_aanvragen,
        name="interventie_bibob_aanvragen",
    ),
    path(
        "signalen/interventies/<int:pk>/termijn-verlengen/",
        views.interventie_termijn_verlengen,
        name="interventie_termijn_verlengen",
    ),
    path("signalen/interventies/<int:pk>/afronden/", views.interventie_afronden, name="interventie_afronden"),
    path(
        "signalen/communicatietaken/<int:pk>/afronden/",
        views.communicatietaak_afronden,
        name="communicatietaak_afronden",
    ),
    path("signalen/subjecten/<str:soort>/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("melden/", views.melden, name="melden"),
    path("melden/ontvangen/", views.melden_ontvangen, name="melden_ontvangen"),
    path("overleggen/", views.overleg_lijst, name="overleg_lijst"),
    path("overleggen/nieuw/", views.overleg_nieuw, name="overleg_nieuw"),
    path("overleggen/<int:pk>/", views.overleg_detail, name="overleg_detail"),
    path("overleggen/<int:pk>/agenderen/", views.overleg_agenderen, name="overleg_agenderen"),
    path("overleggen/<int:pk>/sluiten/", views.overleg_sluiten, name="overleg_sluiten"),
    path("overleggen/agendapunten/<int:pk>/besluit/", views.agendapunt_besluit, name="agendapunt_besluit"),
    path("overleggen/agendapunten/<int:pk>/corrigeren/", views.agendapunt_corrigeren, name="agendapunt_corrigeren"),
    path("overleggen/agendapunten/<int:pk>/delen/", views.agendapunt_delen, name="agendapunt_delen"),
    path("overleggen/<int:pk>/agenda.pdf", views.overleg_agenda_pdf, name="overleg_agenda_pdf"),
]
