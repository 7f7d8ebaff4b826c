from django.http import HttpRequest


def authority(request: HttpRequest) -> dict[str, object]:
    role = getattr(request, "staff_role", None)
    roles = getattr(request, "staff_roles", [])
    return {
        "current_authority": getattr(request, "authority", None),
        "current_role": role,
        "can_edit": bool(role and role.allows("editor")),
        "other_roles": [r for r in roles if r is not role],
    }
