from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from twintowns.authorities.caching import TIMEOUT


def authority(request: HttpRequest) -> dict[str, object]:
    role = getattr(request, "staff_role", None)
    roles = getattr(request, "staff_roles", [])
    current = getattr(request, "authority", None)
    return {
        "current_authority": current,
        # For {% cache cache_timeout name data_key ... %}: a fragment drawn from the authority's
        # records, kept until they change (the data version), the day turns or the language
        # differs. The version is read with the authority on each request, so never stale.
        "data_key": (
            f"{current.pk}:{current.data_version}:{timezone.localdate()}:{get_language()}"
            if current is not None
            else ""
        ),
        "cache_timeout": TIMEOUT,
        "current_role": role,
        "can_edit": bool(role and role.allows("editor")),
        "other_roles": [r for r in roles if r is not role],
    }
