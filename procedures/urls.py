from django.urls import path

from procedures import views

app_name = "procedures"
urlpatterns = [
    path("signalen/<int:pk>/procedure/", views.procedure_nieuw, name="nieuw"),
    path("procedures/<int:pk>/", views.procedure_detail, name="detail"),
    path("procedures/<int:pk>/stap/<int:stap_pk>/", views.stap_vastleggen, name="stap"),
    path("procedures/<int:pk>/stap/<int:stap_pk>/overslaan/", views.stap_overslaan, name="stap_overslaan"),
    path("procedures/<int:pk>/stap/<int:stap_pk>/brief/", views.brief_maken, name="brief"),
    path("procedures/<int:pk>/stap/<int:stap_pk>/document/", views.stap_document, name="stap_document"),
    path("procedures/<int:pk>/afsluiten/", views.procedure_afsluiten, name="afsluiten"),
    path("procedures/<int:pk>/staken/", views.procedure_staken, name="staken"),
    path("procedures/<int:pk>/heropend/", views.pand_heropend, name="heropend"),
]
