# bash completion for icsview(1): commands, each command's options, model
# paths, kinds for `find --kind`, formats, notes and output files, `list`
# and `export` for `review`, and for `show`, `tree` and `export` the ids of
# the model's entities (many of which are ODS and ONS codes: RHQ, QF7,
# E54000061).
#
# The options follow src/cli/main.c, src/cli/cmd_browse.c, src/cli/cmd_check.c,
# src/cli/cmd_find.c, src/cli/cmd_show.c, src/cli/cmd_tree.c, src/cli/cmd_export.c and
# src/cli/cmd_review.c.  Ids are listed by
# running `icsview tree --ascii` on the model named on the command line
# (-m/--model), else $ICSVIEW_MODEL, else the bundled data.

_icsview_commands='check find show tree export review'
_icsview_opts_browse='-m --model= --notes= --fresh --ascii --color= -h --help'
_icsview_opts_check='-q --quiet --max-file-size= --max-depth= --max-scalar= --max-aliases=
	--max-alias-bytes= --max-anchor-bytes= --max-entities= --max-errors= -h --help'
_icsview_opts_find='-m --model= -k --kind= -n --limit= --json -h --help'
_icsview_kinds='region system place partnership organisation board programme service
	initiative person source'
_icsview_opts_show='-m --model= --json --rebuild -h --help'
_icsview_opts_tree='-m --model= -d --depth= -f --filter= --ascii --json --rebuild -h --help'
_icsview_opts_export='-m --model= -F --format= --links -r --rel= -f --filter= --rebuild -h --help'
_icsview_formats='json csv dot md'
_icsview_opts_review='-m --model= --notes= -f --format= -o --output= -h --help'
_icsview_review_formats='text md csv json'

# The entity ids of the model, those beginning with $1, one a line.
# Arguments after the first are the model options to pass on.
_icsview_ids()
{
	local prefix=$1 program=$2
	shift 2
	"$program" tree --ascii --depth=1000000 "$@" 2>/dev/null |
		sed -n 's/.*(\([^() ]*\))\( +[0-9]*\)\{0,1\}$/\1/p' |
		awk -v prefix="$prefix" 'index($0, prefix) == 1 && !seen[$0]++'
}

# Sets COMPREPLY to the words of $1 (a list) that begin with $2; a word
# ending in = (an option taking a value) gets no space after it.
_icsview_words()
{
	local word
	COMPREPLY=()
	for word in $1; do
		[[ $word == "$2"* ]] && COMPREPLY+=("$word")
	done
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}

_icsview_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_icsview()
{
	local cur prev word command program i n
	local -a words=() model=()

	# The words up to the cursor.  Bash splits "--opt=value" into "--opt",
	# "=" and "value" (= is in COMP_WORDBREAKS): put them back together.
	for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
		word=${COMP_WORDS[i]}
		n=${#words[@]}
		if ((n > 1)) && [[ $word == = && ${words[n - 1]} == -* && ${words[n - 1]} != *=* ]]; then
			words[n - 1]+==
		elif ((n > 1)) && [[ ${COMP_WORDS[i - 1]} == = && ${words[n - 1]} == -*= ]]; then
			words[n - 1]+=$word
		else
			words+=("$word")
		fi
	done
	n=${#words[@]}
	((n < 2)) && return 0
	cur=${words[n - 1]}
	prev=${words[n - 2]}
	program=${words[0]/#\~/$HOME}

	# Commands are recognised only as the first argument; anything else
	# there opens the interface (the word is then an option or a path).
	command=browse
	case ${words[1]} in
	check | find | show | tree | export | review) ((n > 2)) && command=${words[1]} ;;
	esac
	((n == 2)) && command=first

	# The model named so far, for the ids.
	for ((i = 2; i < n - 1; i++)); do
		word=${words[i]}
		case $word in
		-m | --model) ((i + 1 < n - 1)) && model+=("--model=${words[i + 1]/#\~/$HOME}"); ((i++)) ;;
		--model=*) model+=("--model=${word#--model=}") ;;
		-m?*) model+=("--model=${word#-m}") ;;
		-d | --depth | -k | --kind | -n | --limit | -f | --filter | -F | --format | -r | --rel | \
			-o | --output | --notes) ((i++)) ;;
		esac
	done

	# The value of an option: after "--opt=" or as the next word.
	case $cur in
	--*=*) prev=${cur%%=*}; cur=${cur#*=} ;;
	*) [[ $prev == --*=* ]] && prev= ;;
	esac
	case $command:$prev in
	check:-m | check:--model) ;;
	*:-m | *:--model | *:--notes | review:-o | review:--output) _icsview_files "$cur"; return 0 ;;
	first:--color | first:--colour | browse:--color | browse:--colour)
		_icsview_words 'auto always never' "$cur"; return 0 ;;
	find:-k | find:--kind) _icsview_words "$_icsview_kinds" "$cur"; return 0 ;;
	export:-F | export:--format) _icsview_words "$_icsview_formats" "$cur"; return 0 ;;
	review:-f | review:--format) _icsview_words "$_icsview_review_formats" "$cur"; return 0 ;;
	*:--*)
		# any other option given as --opt=value takes a number
		[[ ${words[n - 1]} == --*=* ]] && return 0 ;;
	esac
	case $command:$prev in
	tree:-d | tree:--depth | find:-n | find:--limit | check:--max-*) return 0 ;;
	tree:-f | tree:--filter | export:-f | export:--filter | export:-r | export:--rel) return 0 ;;
	esac

	case $command in
	first)
		if [[ $cur == -* ]]; then
			_icsview_words "$_icsview_opts_browse -V --version" "$cur"
		else
			_icsview_words "$_icsview_commands" "$cur"
			local IFS=$'\n'
			compopt -o filenames 2>/dev/null
			COMPREPLY+=($(compgen -f -- "$cur"))
		fi ;;
	find)
		[[ $cur == -* ]] && _icsview_words "$_icsview_opts_find" "$cur" ;;
	review)
		if [[ $cur == -* ]]; then
			_icsview_words "$_icsview_opts_review" "$cur"
		else
			# list or export, once: the only operand
			for ((i = 2; i < n - 1; i++)); do
				case ${words[i]} in
				-m | --model | -f | --format | -o | --output | --notes) ((i++)) ;;
				-*) ;;
				*) return 0 ;;
				esac
			done
			_icsview_words 'list export' "$cur"
		fi ;;
	browse | check)
		if [[ $cur == -* ]]; then
			local opts=_icsview_opts_$command
			_icsview_words "${!opts}" "$cur"
		else
			_icsview_files "$cur"
		fi ;;
	show | tree | export)
		if [[ $cur == -* ]]; then
			local opts=_icsview_opts_$command
			_icsview_words "${!opts}" "$cur"
		else
			local IFS=$'\n'
			COMPREPLY=($(_icsview_ids "$cur" "$program" "${model[@]}"))
		fi ;;
	esac
	return 0
}

complete -F _icsview icsview
