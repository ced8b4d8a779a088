from helhedsplan.accounts.access import plans_for_user


def navigation(request):
    """The plan selector and the current plan's slug, for the shared layout."""
    if not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.kwargs.get("slug") if match else None
    # `/` shows the start page of the user's current plan without a slug in the address.
    current = current or getattr(request, "workspace_slug", None)
    plans = list(plans_for_user(request.user).values("id", "slug", "name"))
    return {
        "nav_plans": plans,
        # Beredskab is shown only to those who may open it (access.py in preparedness).
        "nav_preparedness": _sees_preparedness(request.user, current, plans),
        "nav_slug": current,
        "nav_section": match.url_name if match else "",
        "nav_namespace": match.namespace if match else "",
    }


def _sees_preparedness(user, slug, plans) -> bool:
    from helhedsplan.accounts.models import PlanMembership, Role
    from helhedsplan.preparedness.models import Contact

    plan_id = next((p["id"] for p in plans if p["slug"] == slug), None)
    if plan_id is None:
        return False
    if user.is_superuser:
        return True
    return (
        PlanMembership.objects.filter(
            user=user, plan_id=plan_id, group__name=Role.SEKRETARIAT
        ).exists()
        or Contact.objects.filter(plan_id=plan_id, user=user).exists()
    )
