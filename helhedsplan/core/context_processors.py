from helhedsplan.accounts.access import plans_for_user


def navigation(request):
    """The plan selector and the current plan's slug, for the shared layout."""
    if not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.kwargs.get("slug") if match else None
    return {
        "nav_plans": list(plans_for_user(request.user).values("slug", "name")),
        "nav_slug": current,
        "nav_section": match.url_name if match else "",
        "nav_namespace": match.namespace if match else "",
    }
