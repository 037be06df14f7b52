#!/bin/sh
# What the terminal is shown: wide and combining characters, escapes in the
# model, colour (and NO_COLOR), ASCII (--ascii, a locale that is not UTF-8),
# and terminal types that cannot be used (unknown, holding escapes, or
# without cursor motion).
. "$(dirname "$0")/lib.sh"

# --- wide and combining characters, escapes ---------------------------------------------
start 100 20 "$ICSVIEW -m $MODELS/tui/wide.yaml"
wait_for "Wide" >/dev/null
keys l
wait_for "clinic" >/dev/null
border_aligned() {
	[ "$(screen | sed -n '2,$p' | grep '│' | sed 's/│.*//' | widths | sort -u | wc -l)" -eq 1 ]
}
check "wide names keep the pane border aligned" border_aligned
check "an ESC in a name is shown escaped" wait_for "Bad^[[2Jname^[]0;pwned^G end"
keys j j j
check "escapes in prose are shown escaped too" wait_for "^[]52;c;aGVsbG8=^G"
keys q
wait_for "EXIT=0" >/dev/null

# --- colour: on by default, off with NO_COLOR --------------------------------------------
coloured() { screen_with_colours | grep -q '\[3[0-7]m\|\[3[0-7];'; }
uncoloured() { ! screen_with_colours | grep -q '\[3[0-7]m\|\[3[0-7];\|\[4[0-7]m'; }
start 80 24 "$NESTED"
wait_for "South Yorkshire" >/dev/null
check "colour is used when the terminal has it" wait_until coloured
keys q
start 80 24 "NO_COLOR=1 $NESTED"
wait_for "South Yorkshire" >/dev/null
check "NO_COLOR turns colour off" uncoloured
keys q

# --- ASCII: with --ascii, and in a locale that is not UTF-8 ---------------------------------
start 100 20 "$ICSVIEW --fresh --ascii -m $MODELS/tui/wide.yaml"
check "--ascii draws ASCII markers and borders" wait_for "+ SYS Wide"
check "--ascii has an ASCII pane border" wait_line 2 "|"
keys q
start 100 20 "LC_ALL=C LANG=C $ICSVIEW --fresh -m $MODELS/tui/wide.yaml"
check "a non-UTF-8 locale falls back to ASCII" wait_for "+ SYS Wide"
check "quotes and dashes are drawn as their ASCII look-alikes" wait_for 'Wide - "quoted" names'
check "the detail's separators too" wait_for "system . w-root"
keys l
check "accented letters lose their accents, combining or not" wait_for "Cafe Nene - combining"
check "other characters are drawn as _" wait_for "__ clinic - __"
only_help_asks() { [ "$(screen | tr -cd '?' | wc -c)" -eq 1 ] && shows "?:help"; }
check "no ? but the help's: it would read as the question flag" only_help_asks
keys q

# --- organisations by type, closed and unopened ones, the drill-down root -----------------
start 80 24 "$ICSVIEW -m $DATA"
wait_for "England" >/dev/null
keys : "goto Z9B2Z" Enter
wait_for "system · integrated care board · Z9B2Z" >/dev/null
keys Enter
check "the drill-down root is named on the top line, with its id" \
	wait_line 1 "▾ root: NHS West and North London Integrated Care Board (Z9B2Z)"
root_bold() { screen_with_colours | sed -n 1p | grep -q "$(printf '\033')\[[0-9;]*1[;m][^$(printf '\033')]*root:"; }
check "in bold" wait_until root_bold
check "trusts show NHST, not ORG" wait_for "▸ NHST Central and North West London"
keys : "goto RNK" Enter
closed_row() { screen | grep "NHST Tavistock" | grep -q " closed│"; }
check "a closed trust says so at the end of its row, its name cut for it" wait_until closed_row
dim_closed() { screen_with_colours | grep "Tavistock" | grep -q "$(printf '\033')\[[0-9;]*2[;m]"; }
check "and is dimmed" wait_until dim_closed
keys : "goto K0N6A" Enter
unopened_row() { screen | grep "NHST The Online" | grep -q " not yet open│"; }
check "a trust not yet open says so at the end of its row" wait_until unopened_row
dim_unopened() { screen_with_colours | grep "The Online" | grep -q "$(printf '\033')\[[0-9;]*2[;m]"; }
check "and is dimmed" wait_until dim_unopened
check "its subtitle says when it opens" wait_for "open, opens 2026-06-01"
keys : "goto RVJ" Enter
check "a trust closing later says so in its subtitle" wait_for "NHS trust · RVJ · closes"
closing_row() { screen | grep "NHST North Bristol" | grep -vq " closed│\| not yet open│"; }
check "and its row has no tag: it is open on the model's day" wait_until closing_row
keys : "goto U92874" Enter l j
check "primary care networks show PCN" wait_for "▾ PCN "
check "their practices GP" wait_for "· GP  "
keys q
wait_for "EXIT=0" >/dev/null

# --- an unknown terminal type: a clear error, status 2 ------------------------------------
start 80 24 "TERM=no-such-terminal $NESTED"
check "an unknown TERM is refused with status 2" wait_for "EXIT=2"
check "and says which terminal type" wait_for "cannot use terminal type 'no-such-terminal'"

# --- a hostile terminal type (SSH passes on the client's): shown escaped, never obeyed --------
printf '#!/bin/sh\nTERM=$(printf "x\\033]0;PWNED\\007\\033[2J") exec "$@"\n' > "$WORK/badterm"
chmod +x "$WORK/badterm"
start 80 24 "$WORK/badterm $NESTED"
check "a TERM holding escapes is refused with status 2" wait_for "EXIT=2"
check "and shown escaped" wait_for "cannot use terminal type 'x^[]0;PWNED^G^[[2J'"
check "the terminal title is not set by it" test "$(tm display -p -t "=$TARGET:" '#{pane_title}' | grep -c PWNED)" = 0

# --- a terminal type that cannot move the cursor: refused the same way ---------------------
start 80 24 "TERM=dumb $NESTED"
check "TERM=dumb is refused with status 2" wait_for "EXIT=2"
check "and says the terminal type cannot move the cursor" \
	wait_for "terminal type 'dumb' cannot move the cursor"

# A LINES or COLUMNS no window has is not taken for the window's size
start 80 24 "COLUMNS=99999 LINES=abc $NESTED --fresh"
check "COLUMNS=99999 and LINES=abc: the window's own size is used" wait_line 24 "?:help  q:quit"
check "and the terminal type is not blamed" hidden "cannot use terminal type"
keys q
wait_for "EXIT=0" >/dev/null

finish
