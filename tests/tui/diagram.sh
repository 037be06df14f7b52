#!/bin/sh
# The governance diagram, full screen (D): opened on a system at 80x24,
# the arrow keys moving from box to box along the lines, Enter going to
# the selected box's entity in the tree, Esc coming back, drawn again for
# a resized window, + and - for the depth, a message where there is
# nothing to draw, and the relations a model declares drawn by default.
. "$(dirname "$0")/lib.sh"

GROUPS="$ICSVIEW -m $MODELS/diagram/groups.yaml --fresh"

start 80 24 "$GROUPS"
wait_for "SYS A system" >/dev/null
keys D
check "D opens the diagram of the selection" wait_line 1 "Governance of A system"
check "the keys are on the last line" wait_line 24 "arrows: move along the lines"
check "the drawing fits 80 columns" fits_in 80
check "it starts on the body drawn highest" wait_line 1 "· Partnership board"
keys Down
check "Down follows a line to the body below" wait_line 1 "· Joint committee"
keys Down
check "and on to the committee that reports to it" wait_line 1 "· A declared committee"
keys Up Up Up
check "Up follows a line to what is above" wait_line 1 "· 3 organisations"
keys Down Right
check "Right goes to the box beside" wait_line 1 "· A chair"
keys Down Down Left
check "Left along the line to the delegating group" wait_line 1 "organisations"
keys Escape
check "Esc returns to the tree" wait_for "SYS A system"
check "and the diagram is gone" wait_gone "arrows: move along the lines"

# Enter: the selected box's entity, in the tree
keys D
wait_line 1 "· Partnership board" >/dev/null
keys Down Enter
check "Enter goes to the entity in the tree" wait_for "board · g-joint"
check "with the tree's selection on it" wait_for "BRD Joint committee"

# a resized window: drawn again for its width
keys D
wait_line 1 "Governance of A system" >/dev/null
tm resize-window -t =t: -x 60 -y 20
check "a narrower window draws it again" wait_line 20 "arrows: move"
check "nothing past 60 columns" fits_in 60
tm resize-window -t =t: -x 80 -y 24
check "and wider again" wait_line 24 "arrows: move"
keys Escape
wait_gone "arrows: move" >/dev/null

# + and -: a level more or less; the notes below the drawing name those
# keys, not the command's --depth, and can be scrolled to
keys : "goto g-system" Enter
wait_for "system · g-system" >/dev/null
keys D
wait_line 1 "Governance of A system" >/dev/null
keys NPage NPage
check "the notes below the drawing can be scrolled to" wait_without "+ draws a level more" "--depth"
keys +
check "+ draws a level more" wait_line 24 "depth 2: 5 bodies drawn"
keys NPage NPage
check "with the body two levels down" wait_for "A board two levels down"
check "and nothing more further down" wait_gone "+ draws a level more"
keys +
check "+ says when there is nothing deeper" wait_line 24 "no bodies further down than depth 2"
keys -
check "- draws a level less" wait_line 24 "depth 1: 4 bodies drawn"
keys -
check "- says when it is at the least depth" wait_line 24 "depth 1 already"
keys Escape
wait_gone "arrows: move" >/dev/null

# around a board, + reaches the bodies its lines reach, until no one new
keys : "goto g-joint" Enter
wait_for "board · g-joint" >/dev/null
keys D
wait_line 1 "Governance of Joint committee" >/dev/null
keys +
check "+ around a board reaches the bodies its lines reach" wait_line 24 "depth 2: 3 bodies drawn"
keys +
check "and says when a level more reaches no one new" wait_line 24 "no bodies further out than depth 2"
keys Escape
wait_gone "arrows: move" >/dev/null

# an organisation with no bodies under it: the bodies whose lines reach it
keys : "goto g-org1" Enter
wait_for "organisation · g-org1" >/dev/null
keys D
check "an organisation draws the bodies whose lines reach it" wait_line 1 "Governance of First organisation"
check "the joint committee holding authority it delegates" wait_for "│ Joint committee │"
keys Escape
wait_gone "arrows: move" >/dev/null

# an entity with nothing to draw: a message, the tree stays
keys : "goto g-quiet" Enter
wait_for "committee · g-quiet" >/dev/null
keys D
check "no bodies: it says so" wait_for "no boards, committees or partnerships here"
keys q
check "q quits with status 0" wait_for "EXIT=0"

# relations a model declares for governance, drawn without being asked:
# the board above the system it governs, the partnership a committee of
# the system and of the councils, which are gathered by their type
start 80 24 "$ICSVIEW -m $MODELS/diagram/statutory.yaml --fresh"
keys : "goto s-icb" Enter
wait_for "system · s-icb" >/dev/null
keys D
check "D on a system of declared relations opens its diagram" wait_line 1 "Governance of An integrated care board"
check "the board is joined to the system it governs" wait_for "│ An integrated care board │"
check "the councils are one box, named by their type" wait_for "2 local authorities (G1)"
keys NPage NPage
check "the legend says what each line means" wait_for "governs; ┄┄┄ is a committee of"
check "no body is left without a line" hidden "with no line of these relations"
keys Escape
wait_gone "arrows: move" >/dev/null
keys q
check "and q quits" wait_for "EXIT=0"
finish
