from django.urls import path

from . import views, views_jaar

app_name = "actieplan"
urlpatterns = [
    path("actieplan/", views.plan_lijst, name="lijst"),
    path("actieplan/<int:pk>/", views.plan_detail, name="detail"),
    path("actieplan/<int:pk>/kwartalen/", views.kwartaalplanning, name="kwartaalplanning"),
    path("actieplan/<int:pk>/vervolg/", views.plan_vervolg, name="vervolg"),
    path("actieplan/actie/<int:pk>/bewerken/", views.actie_bewerken, name="actie_bewerken"),
    path("begroting/", views.begroting, name="begroting"),
    path("begroting/<int:jaar>.xlsx", views.begroting_export, name="begroting_export"),
    path("begroting/<int:gemeente_pk>/<int:jaar>/", views.begroting_gemeente, name="begroting_gemeente"),
    path("begroting/uitgave/nieuw/", views.uitgave_nieuw, name="uitgave_nieuw"),
    path("begroting/instellen/", views.begroting_instellen, name="begroting_instellen"),
    path("communicatie/", views.communicatie, name="communicatie"),
    path("communicatie/nieuw/", views.communicatie_nieuw, name="communicatie_nieuw"),
    path("communicatie/<int:pk>/bewerken/", views.communicatie_bewerken, name="communicatie_bewerken"),
    path("communicatie/kalender/", views.kalender_koppeling, name="kalender_koppeling"),
    path("communicatie/kalender.ics", views.kalender_ics, name="kalender_ics"),
    path("jaaroverzicht/<int:jaar>/", views.jaaroverzicht, name="jaaroverzicht"),
    path("jaaroverzicht/<int:jaar>.pdf", views.jaaroverzicht_pdf, name="jaaroverzicht_pdf"),
    path("jaaroverzicht/<int:jaar>/publiek/<int:gemeente_pk>/", views_jaar.editie, name="editie"),
    path(
        "jaaroverzicht/<int:jaar>/publiek/<int:gemeente_pk>/vaststellen/",
        views_jaar.editie_vaststellen,
        name="editie_vaststellen",
    ),
    path("jaaroverzicht/<int:jaar>/publiek/<int:gemeente_pk>/pagina/", views_jaar.editie_pagina, name="editie_pagina"),
    path(
        "jaaroverzicht/<int:jaar>/publiek/<int:gemeente_pk>/<str:bestand>",
        views_jaar.editie_bestand,
        name="editie_bestand",
    ),
    path("actieplan/<int:pk>/evaluatie/<int:jaar>/", views_jaar.evaluatie, name="evaluatie"),
    path(
        "actieplan/<int:pk>/evaluatie/<int:jaar>/vaststellen/",
        views_jaar.evaluatie_vaststellen,
        name="evaluatie_vaststellen",
    ),
    path("actieplan/<int:pk>/evaluatie/<int:jaar>.pdf", views_jaar.evaluatie_pdf, name="evaluatie_pdf"),
]
