from django.urls import path

from documenten import views

app_name = "documenten"
urlpatterns = [
    path("documenten/nieuw/<str:soort>/<int:pk>/", views.document_nieuw, name="nieuw"),
    path("documenten/<int:pk>/download/", views.document_download, name="download"),
]
