from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from helhedsplan.accounts.access import plans_for_user


@login_required
def home(request):
    plans = list(plans_for_user(request.user).order_by("-start"))
    if len(plans) == 1:
        return redirect("plans:overview", slug=plans[0].slug)
    return render(request, "core/home.html", {"plans": plans})
