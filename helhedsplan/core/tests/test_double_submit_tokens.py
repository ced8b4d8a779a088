"""The one-time token of a create form: claimed once, in the create's own transaction; a second
claim learns the first result; a failed create gives the token back; parallel posts make one row."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from helhedsplan.core.models import FormSubmission
from helhedsplan.core.once import AlreadySubmitted, once


@pytest.fixture
def user(django_user_model, db):
    return django_user_model.objects.create_user(username="anna", password="x")


def create_group(token, user):
    with once(token, user) as sent:
        group = Group.objects.create(name=f"Lektiecafé {made().count()}")
        sent.done(f"/grupper/{group.pk}/")
    return group


def made():
    """The groups the tests make (the migrations make groups of their own)."""
    return Group.objects.filter(name__startswith="Lektiecafé")


def test_a_token_sent_twice_creates_once_and_points_to_the_first_result(user):
    group = create_group("t-1", user)
    with pytest.raises(AlreadySubmitted) as second:
        create_group("t-1", user)
    assert second.value.url == f"/grupper/{group.pk}/"
    assert made().count() == 1


def test_no_token_gives_no_protection(user):
    create_group("", user)
    create_group("", user)
    assert made().count() == 2
    assert not FormSubmission.objects.exists()


def test_a_create_that_fails_gives_its_token_back(user):
    with pytest.raises(ValueError), once("t-1", user):
        Group.objects.create(name="Lektiecafé halv")
        raise ValueError("refused")
    assert not made().exists() and not FormSubmission.objects.exists()
    create_group("t-1", user)
    assert made().count() == 1


def test_a_create_that_made_nothing_gives_its_token_back(user):
    with once("t-1", user):
        pass  # the form was refused by a rule: no done()
    assert not FormSubmission.objects.exists()


def test_another_users_token_is_not_a_way_to_their_result(user, django_user_model):
    create_group("t-1", user)
    other = django_user_model.objects.create_user(username="bo", password="x")
    with pytest.raises(AlreadySubmitted) as second:
        create_group("t-1", other)
    assert second.value.url == ""


def test_a_key_reused_for_another_request_learns_nothing(user):
    with once("api:1:k", user, request_hash="aaa") as sent:
        sent.done("/first/")
    with pytest.raises(AlreadySubmitted) as second, once("api:1:k", user, request_hash="bbb"):
        pass
    assert second.value.url == ""


def test_tokens_older_than_a_day_are_purged_as_new_ones_come_in(user):
    create_group("old", user)
    FormSubmission.objects.filter(token="old").update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    create_group("new", user)
    assert set(FormSubmission.objects.values_list("token", flat=True)) == {"new"}


@pytest.mark.django_db(transaction=True)
def test_two_parallel_posts_with_one_token_make_one_row(django_user_model):
    user = django_user_model.objects.create_user(username="anna", password="x")
    start = threading.Barrier(2)
    results: list[str] = []

    def post():
        try:
            start.wait()
            with once("parallel", user) as sent:
                group = Group.objects.create(name=f"Lektiecafé {threading.get_ident()}")
                sent.done(f"/grupper/{group.pk}/")
            results.append("created")
        except AlreadySubmitted as first:
            results.append(first.url)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    group = made().get()
    assert sorted(results) == sorted(["created", f"/grupper/{group.pk}/"])
