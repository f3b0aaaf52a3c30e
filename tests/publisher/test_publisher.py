"""The publisher, configured once in the admin, is what the pages, e-mails, feed and book name."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

import publisher
from book.render import BookOptions, assemble, prepare_parts
from publisher.models import Partner, PrivacyNotice, Publisher
from tests.factories import make_submission

pytestmark = pytest.mark.django_db

NEW_NAME = "Testdepartementet for nye samarbeid"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("sjef", "sjef@example.no", "pw-x-123456")
    client.force_login(user)
    return client


def change_form_data(**changes):
    current = Publisher.objects.get()
    data = {
        field.name: getattr(current, field.name)
        for field in Publisher._meta.fields
        if field.editable and field.name not in ("id", "logo")
    }
    data["transfers_outside_eea"] = "on" if current.transfers_outside_eea else ""
    partners = list(current.partners.all())
    data.update(
        {
            "partners-TOTAL_FORMS": len(partners),
            "partners-INITIAL_FORMS": len(partners),
            "partners-MIN_NUM_FORMS": 0,
            "partners-MAX_NUM_FORMS": 1000,
        }
    )
    for index, partner in enumerate(partners):
        for name in ("id", "name", "role", "role_nn", "role_en", "order"):
            data[f"partners-{index}-{name}"] = getattr(partner, name)
        data[f"partners-{index}-publisher"] = current.pk
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def save_in_admin(admin_client, **changes):
    response = admin_client.post(
        "/admin/publisher/publisher/1/change/", change_form_data(**changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_the_data_migration_made_one_fictional_publisher_and_a_first_notice_version():
    assert Publisher.objects.count() == 1
    assert "Eksempel" in Publisher.objects.get().name
    assert PrivacyNotice.objects.count() == 1


def test_the_admin_list_goes_to_the_one_publisher_and_offers_no_add_or_delete(admin_client):
    response = admin_client.get("/admin/publisher/publisher/")
    assert response.status_code == 302
    assert response.url == "/admin/publisher/publisher/1/change/"
    assert admin_client.get("/admin/publisher/publisher/add/").status_code == 403
    assert admin_client.get("/admin/publisher/publisher/1/delete/").status_code == 403


def test_changing_the_publisher_in_the_admin_changes_footer_email_privacy_and_book(
    admin_client, client, call, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(
            admin_client, name=NEW_NAME, name_en="The Test Ministry", service_name="Prøvekokeboka"
        )
    admin_client.logout()

    assert NEW_NAME in client.get("/").content.decode()  # the footer (a cached page)
    assert "The Test Ministry" in client.get("/en/").content.decode()
    assert NEW_NAME in client.get("/personvern/").content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_submission(call)
    invitation = next(m for m in mail.outbox if m.to == ["municipality@example.no"])
    assert NEW_NAME in invitation.body
    assert "Redaksjonen for Prøvekokeboka" in invitation.body  # the sign-off names the service

    options = BookOptions()
    html = assemble(prepare_parts(options), options).html
    assert f'<meta name="author" content="{NEW_NAME}">' in html
    assert f'<p class="publisher">{NEW_NAME}</p>' in html
    assert (
        f"Utgitt av {NEW_NAME} i samarbeid med Eksempelpartner AS (redigerer eksemplene)." in html
    )


def test_the_cached_front_page_follows_a_change(
    admin_client, client, django_capture_on_commit_callbacks
):
    old = Publisher.objects.get().name
    assert old in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(admin_client, name=NEW_NAME)
    page = client.get("/").content.decode()
    assert NEW_NAME in page
    assert old not in page


def test_a_changed_notice_is_a_new_dated_version_and_an_unchanged_save_is_not(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(admin_client, retention_input_days=200)
    assert PrivacyNotice.objects.count() == 2
    assert PrivacyNotice.objects.latest().facts["retention_input_days"] == 200
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(admin_client)
    assert PrivacyNotice.objects.count() == 2
    page = admin_client.get("/personvern/").content.decode()
    assert "200" in page


def test_changes_are_kept_in_history(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_in_admin(admin_client, short_name="TD")
    assert [h.short_name for h in Publisher.history.order_by("history_date")][-1] == "TD"
    assert admin_client.get("/admin/publisher/publisher/1/history/").status_code == 200


def test_partners_are_named_in_the_footer(client):
    Partner.objects.update(name="Partnerselskapet AS")
    assert "Partnerselskapet AS" in client.get("/tilgjengelighet/").content.decode()


def test_consent_labels_name_the_publisher():
    from submissions.forms import ConsentForm, PublicationAgreementForm

    name = publisher.current().name
    assert name in str(ConsentForm().fields["contact"].label)
    assert name in str(PublicationAgreementForm().fields["accept"].label)


def test_pages_work_without_a_publisher_row(client):
    Publisher.objects.all().delete()
    response = client.get("/personvern/")
    assert response.status_code == 200
    assert "Eksempeldirektoratet" in response.content.decode()


def test_the_service_name_is_the_sites_brand_in_each_language(client):
    Publisher.objects.update(service_name="Nye veier", service_name_nn="Nye vegar")
    assert "<h1>Nye veier</h1>" in client.get("/").content.decode()
    assert 'class="kb-brand"' in client.get("/nn/").content.decode()
    assert "Nye vegar" in client.get("/nn/").content.decode()
    assert "Nye veier: nye eksempler" in client.get("/feed/").content.decode()


def test_the_admin_page_shows_every_setting_in_norwegian(admin_client):
    admin_client.cookies["django_language"] = "nb"
    page = admin_client.get("/admin/publisher/publisher/1/change/").content.decode()
    for label in ("Personvernombud", "Rettslig grunnlag", "databehandlere", "oppbevar"):
        assert label.lower() in page.lower(), label
    assert 'name="retention_unpublished_days"' in page
    assert 'name="partners-0-name"' in page


def test_saving_the_migrated_publisher_unchanged_makes_no_new_notice_version():
    from publisher.services import save_publisher

    assert save_publisher(Publisher.objects.get()) is None
    assert PrivacyNotice.objects.count() == 1
