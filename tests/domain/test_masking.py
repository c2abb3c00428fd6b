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


def test_free_text_masks_ids_phones_and_the_patients_name():
    from workstation.domain.masking import mask_free_text
    text = "患者余某华（990102193010151111，旧证 330106900101123）联系 139-1234-5678，病案号 20240301000123"
    masked = mask_free_text(text, ["余某华"])
    assert "余某华" not in masked and "990102193010151111" not in masked
    assert "330106900101123" not in masked and "1234-5678" not in masked
    assert "余**" in masked and "20240301000123" in masked  # a case number is not an ID


def test_blinded_letters_follow_first_appearance():
    from workstation.domain.blinding import age_band, hospital_letters, letter
    assert hospital_letters(["H9", "H1", "H9", "H5"]) == {"H9": "A", "H1": "B", "H5": "C"}
    assert letter(25) == "Z" and letter(26) == "AA"
    assert age_band(64) == "60–69" and age_band(None) == ""
