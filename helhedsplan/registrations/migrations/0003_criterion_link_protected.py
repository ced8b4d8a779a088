"""The link between a registration and the criteria it counts in gets a model of its own, so that
a criterion with registrations is protected from deletion. The table stays as it is: only
Django's idea of it changes (on_delete is enforced by Django, not the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_plan_status_predecessor_member_user"),
        ("registrations", "0002_registration_plan_date_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistrationCriterion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "registration",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="registrations.registration",
                            ),
                        ),
                        (
                            "successcriterion",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="plans.successcriterion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "registrations_registration_criteria",
                        "unique_together": {("registration", "successcriterion")},
                    },
                ),
                migrations.AlterField(
                    model_name="registration",
                    name="criteria",
                    field=models.ManyToManyField(
                        related_name="registrations",
                        through="registrations.RegistrationCriterion",
                        to="plans.successcriterion",
                        verbose_name="tæller med i",
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
