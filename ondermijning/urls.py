from django.contrib import admin
from django.urls import include, path

from ondermijning import views

urlpatterns = [
    path("", views.mijn_werk, name="mijn_werk"),
    path("accounts/login/", views.Inloggen.as_view(), name="login"),
    path("accounts/logout/", views.Uitloggen.as_view(), name="logout"),
    path("accounts/oidc/inloggen/", views.OidcInloggen.as_view(), name="oidc_inloggen"),
    path("accounts/oidc/callback/", views.OidcCallback.as_view(), name="oidc_callback"),
    path("accounts/tweefactor/", views.tweefactor, name="tweefactor"),
    path("accounts/tweefactor/instellen/", views.tweefactor_instellen, name="tweefactor_instellen"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("audit/", views.audit_lijst, name="audit_lijst"),
    path("verstrekkingen/", views.verstrekking_lijst, name="verstrekking_lijst"),
    path("admin/", admin.site.urls),
    path("", include("signalen.urls")),
    path("", include("controles.urls")),
    path("", include("actieplan.urls")),
    path("", include("taken.urls")),
    path("", include("documenten.urls")),
    path("", include("procedures.urls")),
    path("", include("meldingen.urls")),
    path("api/", include("api.urls")),
]
