from django.http import HttpRequest


def authority(request: HttpRequest) -> dict[str, object]:
    role = getattr(request, "staff_role", None)
    return {
        "current_authority": getattr(request, "authority", None),
        "current_role": role,
        "can_edit": bool(role and role.allows("editor")),
    }
