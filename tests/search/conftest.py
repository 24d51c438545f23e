import pytest

from tests import factories


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the newsroom's events, so the index
    subscriber) as the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def bangla(db, committed):
    """Bangla stories sharing letters but not words."""
    with committed():
        return _bangla()


def _bangla():
    home = factories.bangla_home()
    desk = factories.make_section(home, "জাতীয়", slug="jatiyo")
    election = factories.make_article(
        desk,
        "নির্বাচন কমিশনের বৈঠক",
        standfirst="আগামী নির্বাচন নিয়ে আলোচনা।",
        body=[("paragraph", "<p>কমিশন আজ বৈঠক করেছে।</p>")],
        image=False,
    )
    students = factories.make_article(
        desk,
        "শিক্ষার্থী সমাবেশ",
        standfirst="ঢাকায় শিক্ষার্থী সমাবেশ হয়েছে।",
        body=[("paragraph", "<p>র\u200d্যাব মোতায়েন।</p>")],
        image=False,
    )
    other = factories.make_article(
        desk,
        "বাজারে চালের দাম",
        standfirst="চালের দাম বেড়েছে।",
        body=[("paragraph", "<p>নরম বচন শিক্ষা।</p>")],
        image=False,
    )
    return {
        "home": home,
        "desk": desk,
        "election": election,
        "students": students,
        "other": other,
    }
