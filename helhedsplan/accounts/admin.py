from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from helhedsplan.accounts.models import Invitation, PlanMembership
from helhedsplan.plans.admin import PlanScoped


@admin.register(PlanMembership)
class PlanMembershipAdmin(PlanScoped, SimpleHistoryAdmin):
    list_display = ["user", "plan", "group", "organisation", "created_at"]
    list_filter = ["plan", "group"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["activities"]


@admin.register(Invitation)
class InvitationAdmin(PlanScoped, SimpleHistoryAdmin):
    """Read only: invitations are made on the plan's people page or with `helhedsplan invite`,
    which make the one-time link (the admin could not show it)."""

    list_display = ["email", "plan", "group", "created_at", "expires_at", "accepted_at"]
    list_filter = ["plan", "group", "replaced"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Django's and django-otp's own admins, cut down like the rest to the people of the user's plans
# (a secretariat given the auth rights must not open, or delete, another plan's people).
admin.site.unregister(get_user_model())
admin.site.unregister(TOTPDevice)
admin.site.unregister(Group)

# What makes a user more than a person in a plan. Only a superuser may change these: a staff
# secretariat with auth.change_user could otherwise re-post its own form with is_superuser=on
# (and see every plan), give itself any permission, or set another person's password.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(get_user_model())
class PlanScopedUserAdmin(PlanScoped, UserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # The password hash is neither shown nor linked to its change page: "password_state"
        # says only whether there is one.
        return [
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        "password_state" if field == "password" else field
                        for field in options["fields"]
                    ),
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return (*readonly, "password_state", *PRIVILEGE_FIELDS)

    @admin.display(description="adgangskode")
    def password_state(self, obj):
        if obj.has_usable_password():
            return "Har en adgangskode (personen skifter den selv, eller en superbruger gør)"
        return "Ingen adgangskode (logger ind med kommunens login eller et invitationslink)"

    def _may_manage(self, request, obj) -> bool:
        """Whether a non-superuser may change or delete `obj`: never a superuser or another
        staff user, and only someone whose every role is in a plan the admin keeps (a role
        elsewhere is that plan's secretariat's to decide)."""
        if request.user.is_superuser or obj is None:
            return True
        if obj.is_superuser or (obj.is_staff and obj.pk != request.user.pk):
            return False
        plans = self.admin_plans(request)
        return not PlanMembership.objects.filter(user=obj).exclude(plan__in=plans).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def has_add_permission(self, request):
        # A new user is given a password here; people are invited on the plan's people page.
        return request.user.is_superuser and super().has_add_permission(request)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied("Kun en superbruger kan sætte en andens adgangskode.")
        return super().user_change_password(request, id, form_url)


@admin.register(Group)
class SuperuserGroupAdmin(GroupAdmin):
    """A group's permissions are given to everyone in it: only a superuser changes them."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(TOTPDevice)
class PlanScopedTOTPDeviceAdmin(PlanScoped, TOTPDeviceAdmin):
    pass
