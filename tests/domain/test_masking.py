from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.masking import mask_id, mask_name


def test_name_keeps_family_name_only():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("李") == "李"
    assert mask_name("") == ""
    assert mask_name(None) == ""


def test_resident_id_keeps_region_and_last_four():
    assert mask_id("330106199001011234") == "3301**********1234"
    assert mask_id("33010619900101123X") == "3301**********123X"
    assert mask_id(None) == ""


def test_short_numbers_are_mostly_masked():
    assert mask_id("12345678") == "12****78"
    assert mask_id("123") == "***"


@given(st.text(alphabet="0123456789X", min_size=1, max_size=20))
def test_id_mask_never_reveals_the_birth_date_and_keeps_length(number):
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert masked.count("*") * 2 >= len(number)
