"""Matching a WordPress media address to its original in a local uploads folder (issue #16):
any host, resized and scaled copies, query strings. No database: real files in a temporary
folder laid out as WordPress does."""

import pytest

from imports.uploads import UploadsFolder, candidate_names, expected_path, media_key

FILES = [
    "2019/05/kyoto.jpg",
    "2019/05/kyoto-300x200.jpg",
    "2019/05/big.jpg",
    "2019/05/big-scaled.jpg",
    "2019/05/only-scaled-scaled.jpg",
    "2019/05/upright.jpg",
    "2019/06/crop.jpg",
    "2019/06/crop-e1565432123.jpg",
    "2019/06/banner-1200x630.png",
    "2019/06/紅葉 写真.jpg",
    "sites/3/2020/01/multi.jpg",
    "flat.png",
    "2018/01/twice.jpg",
    "2018/02/twice.jpg",
]


@pytest.fixture
def uploads(tmp_path):
    root = tmp_path / "uploads"
    for name in FILES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
    (tmp_path / "secret.jpg").write_bytes(b"outside")
    return UploadsFolder(root)


def found(uploads, *urls):
    return [str(path.relative_to(uploads.root)) for path in uploads.find(list(urls))]


@pytest.mark.parametrize(
    "url",
    [
        "https://old.example.jp/wp-content/uploads/2019/05/kyoto.jpg",
        "http://old.example.jp/blog/wp-content/uploads/2019/05/kyoto-300x200.jpg",
        "https://yamacoffee.files.wordpress.com/2019/05/kyoto.jpg?w=640&h=480",
        "https://i0.wp.com/old.example.jp/wp-content/uploads/2019/05/kyoto-1024x683.jpg?ssl=1",
        "https://cdn.example.net/media/2019/05/kyoto-768x512.jpg",
        "/wp-content/uploads/2019/05/kyoto.jpg",
        "2019/05/kyoto.jpg",
    ],
)
def test_any_host_and_size_finds_the_original_first(uploads, url):
    assert found(uploads, url)[0] == "2019/05/kyoto.jpg"


def test_scaled_and_rotated_copies_lead_to_the_original(uploads):
    assert found(uploads, "https://x.example/wp-content/uploads/2019/05/big-scaled.jpg") == [
        "2019/05/big.jpg",
        "2019/05/big-scaled.jpg",  # the fallback when the original cannot be used
    ]
    assert found(uploads, "https://x.example/2019/05/upright-rotated-300x400.jpg") == [
        "2019/05/upright.jpg"
    ]


def test_without_the_original_the_scaled_copy_is_used(uploads):
    assert found(uploads, "https://x.example/2019/05/only-scaled-scaled-300x200.jpg") == [
        "2019/05/only-scaled-scaled.jpg"
    ]


def test_an_edit_is_preferred_to_the_unedited_original(uploads):
    assert found(uploads, "https://x.example/2019/06/crop-e1565432123-150x150.jpg") == [
        "2019/06/crop-e1565432123.jpg",
        "2019/06/crop.jpg",
    ]


def test_a_name_that_only_looks_resized_is_found_as_it_is(uploads):
    assert found(uploads, "https://x.example/2019/06/banner-1200x630.png") == [
        "2019/06/banner-1200x630.png"
    ]


def test_escaped_names_multisite_and_flat_folders(uploads):
    url = "https://x.example/wp-content/uploads/2019/06/%E7%B4%85%E8%91%89%20%E5%86%99%E7%9C%9F.jpg"
    assert found(uploads, url) == ["2019/06/紅葉 写真.jpg"]
    assert found(uploads, "https://x.example/wp-content/uploads/sites/3/2020/01/multi.jpg") == [
        "sites/3/2020/01/multi.jpg"
    ]
    # Not in its month's folder, but the only file of that name: found by name.
    assert found(uploads, "https://x.example/wp-content/uploads/2021/03/flat-640x480.png") == [
        "flat.png"
    ]


def test_an_ambiguous_name_outside_its_folder_is_not_guessed(uploads):
    assert found(uploads, "https://x.example/2017/12/twice.jpg") == []
    assert found(uploads, "https://x.example/2018/02/twice.jpg") == ["2018/02/twice.jpg"]


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/wp-content/uploads/../secret.jpg",
        "https://x.example/wp-content/uploads/2019/05/..%2F..%2F..%2Fsecret.jpg",
        "https://x.example/wp-content/uploads/2019/05/",
        "http://[::1",
        "https://x.example/2019/05/kyoto%00.jpg",
        "https://x.example/wp-content/uploads/2019%00/05/absent.jpg",
        "https://x.example/2019/05/%ff%fe.jpg",
        "https://x.example/2019/05/" + "長" * 3000 + ".jpg",
        "",
    ],
)
def test_nothing_outside_the_folder_and_no_error_for_bad_addresses(uploads, url):
    assert found(uploads, url) == []


def test_one_key_for_every_address_of_an_upload():
    addresses = [
        "https://old.example.jp/wp-content/uploads/2019/05/Kyoto-scaled.jpg",
        "https://yamacoffee.files.wordpress.com/2019/05/kyoto-300x200.jpg?w=300",
        "https://cdn.example.net/2019/05/kyoto-e1565432123-1024x683.jpg",
    ]
    assert {media_key(url) for url in addresses} == {"2019/05/kyoto.jpg"}
    assert media_key("https://x.example/2019/06/kyoto.jpg") != media_key(addresses[0])


def test_candidate_names_and_expected_path():
    assert candidate_names("a-e1565432123-scaled-300x200.jpg") == [
        "a-e1565432123.jpg",
        "a-e1565432123-scaled.jpg",
        "a.jpg",
        "a-e1565432123-scaled-300x200.jpg",
    ]
    assert expected_path("https://x.example/2019/05/lost-300x200.jpg?w=1") == "2019/05/lost.jpg"
