import pytest

from assistant.text.chat import story_part, strip_chat


@pytest.mark.parametrize("typed, meant", [
    ("Bác ơi, cho cháu hỏi tỉnh có làm đường ra mốc giới không ạ?", "tỉnh có làm đường ra mốc giới không?"),
    ("Cho mình hỏi là tỉnh có sắp xếp lại thôn, bản k vậy?", "tỉnh có sắp xếp lại thôn, bản không?"),
    ("Ông em là người có công, tỉnh có ưu đãi gì không bác?", "là người có công, tỉnh có ưu đãi gì không?"),
    ("Ở bản em điện yếu lắm, tỉnh có tính gì ko ạ", "Ở bản điện yếu lắm, tỉnh có tính gì không"),
    ("Hãy liệt kê giúp tôi các chỉ tiêu về môi trường", "các chỉ tiêu về môi trường"),
    ("Tỷ lệ che phủ rừng đạt bao nhiêu?", "Tỷ lệ che phủ rừng đạt bao nhiêu?"),
    ("ko bt tỉnh có hỗ trợ j cho nuôi cá ko", "không biết tỉnh có hỗ trợ gì cho nuôi cá không"),  # «bt»: «biết»
    ("Ý e) của mục 3.1 nói gì?", "Ý e) của mục 3.1 nói gì?"),  # a point of the outline, not «em»
    ("dự án điện gió có dc mời vào tỉnh ko z mn?", "dự án điện gió có được mời vào tỉnh không?"),  # no vowel: chat
    ("Tuyến cao tốc dài bao nhiêu km?", "Tuyến cao tốc dài bao nhiêu km?"),  # a unit is no chat
])
def test_the_chat_around_a_question_is_set_aside(typed, meant):
    assert strip_chat(typed) == meant


def test_the_askers_story_is_told_apart_from_what_is_asked():
    assert story_part("Nhà cháu vừa bị lừa tiền, tỉnh có nói gì về bảo vệ khách hàng không?") == "Nhà cháu vừa bị lừa tiền,"
    # pointing back at the story makes it the topic
    assert story_part("Bản em nhiều người không biết chữ, kế hoạch có nói gì về chuyện này không?") == ""
    assert story_part("Nhà tôi trồng quế. Tỉnh có khuyến khích vụ đó không?") == ""  # any word then a demonstrative
    assert story_part("Nhà tôi trồng quế. Tỉnh có chỉ tiêu gì về rừng hiện nay?") == "Nhà tôi trồng quế."  # «nay»: now
    # a story told in no one's words is the asker's when they then say they ask
    assert story_part("Cô giáo giao bài tìm hiểu quê hương, em muốn hỏi Lai Châu có bao nhiêu dân?") == (
        "Cô giáo giao bài tìm hiểu quê hương,")
    assert story_part("Chè được giá, tỉnh có hỗ trợ gì không?") == ""
    # pointing at a part of the plan asked about («phần đó»), not at the story
    assert story_part("Bố tôi hay ốm, tôi muốn biết tỉnh làm gì cho y tế. Nói gọn phần đó.", ("phần",)) == "Bố tôi hay ốm,"
    assert story_part("Bố tôi hay ốm, tôi muốn biết tỉnh làm gì cho y tế. Nói gọn chuyện đó.", ("phần",)) == ""
    # a question in chat spellings («bn», «j») still asks: what comes before it is the story
    assert story_part("con mình học lớp 9 rồi, tỉnh có bn trường đạt chuẩn vậy") == "con mình học lớp 9 rồi,"
    assert story_part("nhà tôi nuôi cá, tỉnh hỗ trợ j ko") == "nhà tôi nuôi cá,"
    assert story_part("nhà e nuôi cá, tỉnh hỗ trợ j ko") == "nhà e nuôi cá,"  # the asker, as chat writes «em»
    assert story_part("mk mới ra trường, tỉnh có tạo việc làm gì ko") == "mk mới ra trường,"
    # no asker in it: a list, not a story
    assert story_part("Tỉnh xử lý rác thải y tế, chất thải nguy hại ra sao?") == ""


def test_a_tag_question_asks_about_the_clause_before_it_not_the_story():
    asked = "Bác em nuôi lợn ở nhà, nghe bảo trại lợn phải có chỗ xử lý phân, đúng k ạ?"
    assert story_part(asked) == "Bác em nuôi lợn ở nhà,"
    assert story_part("Nhà em gần rừng, tỉnh cho dân giữ rừng, phải không?") == "Nhà em gần rừng,"
    assert story_part("Em nghe nói tỉnh có xây nhà ở xã hội, có đúng không ạ?") == ""  # nothing told before it


def test_a_while_told_in_the_story_asks_nothing():
    assert story_part("Em thất nghiệp mấy tháng rồi, mỗi năm tỉnh tạo việc làm cho bao nhiêu người?") == \
        "Em thất nghiệp mấy tháng rồi,"
    assert story_part("Nhà em trồng chè mấy đời rồi, tỉnh làm gì cho chè?") == "Nhà em trồng chè mấy đời rồi,"


def test_a_few_told_before_a_question_asks_nothing():
    assert story_part("Nhà mình có mấy sào ruộng bậc thang, tỉnh có làm du lịch ruộng bậc thang không?") == \
        "Nhà mình có mấy sào ruộng bậc thang,"
    assert story_part("Tỉnh có mấy xã nông thôn mới, mỗi năm tăng bao nhiêu?") == ""  # two questions, no story


def test_a_denial_inside_a_clause_tells_and_asks_nothing():
    assert story_part("Bản em chưa có nhà văn hóa, tới 2030 tỉnh tính bn % thôn bản có nhà văn hóa?") == \
        "Bản em chưa có nhà văn hóa,"
    assert story_part("Tỉnh có phủ sóng 5G không, năm nào xong?") == ""  # «không» ending a clause asks
