"""Rate limit per token (each token has its own limit per minute); per user for a session."""

from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

SESSIE_PER_MINUUT = 120


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self):
        # The rate depends on the token, known only in allow_request.
        return f"{SESSIE_PER_MINUUT}/min"

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.num_requests, self.duration = request.auth.verzoeken_per_minuut, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            # The hash, not the id: ids are reused after a rollback, a secret never is.
            ident = f"t{request.auth.sleutel_hash[:24]}"
        elif request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
