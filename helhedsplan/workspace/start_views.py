from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from helhedsplan.accounts.access import plans_for_user


@login_required
def home(request):
    plans = list(plans_for_user(request.user).order_by("-start"))
    chosen = request.GET.get("plan")
    if chosen and any(plan.slug == chosen for plan in plans):
        return redirect("plans:overview", slug=chosen)
    if len(plans) == 1:
        return redirect("plans:overview", slug=plans[0].slug)
    return render(request, "workspace/choose_plan.html", {"plans": plans})
