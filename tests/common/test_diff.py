from common.diff import render_word_diff, word_diff


def test_word_diff_marks_replaced_words():
    assert word_diff("Kommunen hjalp mye", "Kommunen hjalp litt") == [
        ("equal", "Kommunen hjalp "),
        ("delete", "mye"),
        ("insert", "litt"),
    ]


def test_rendered_diff_escapes_both_texts():
    html = render_word_diff("<b>gammel</b>", "<script>ny</script>")
    assert html == "<del>&lt;b&gt;gammel&lt;/b&gt;</del><ins>&lt;script&gt;ny&lt;/script&gt;</ins>"


def test_identical_texts_have_no_marks():
    assert render_word_diff("lik tekst", "lik tekst") == "lik tekst"
