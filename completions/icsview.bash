# bash completion for icsview(1): commands, each command's options (the
# global ones, -m --notes --color --ascii --progress, before or after the command),
# model paths, kinds for `find --kind`, formats, notes and output files, the
# inputs and output directory of `import`,
# `list`, `export`, `history` and `import` (then a file) for `review`, model paths for `diff`, commands
# for `help`, and for `show`,
# `history`, `tree`, `export` and `diagram` the ids of the model's entities, whatever the case
# typed (many of them are ODS and ONS codes: RHQ, QF7, E54000061).
#
# The options follow src/cli/main.c, src/cli/cmd_browse.c, src/cli/cmd_check.c,
# src/cli/cmd_find.c, src/cli/cmd_show.c, src/cli/cmd_history.c, src/cli/cmd_tree.c,
# src/cli/cmd_export.c, src/cli/cmd_diagram.c, src/cli/cmd_review.c, src/cli/cmd_diff.c and
# src/cli/cmd_import.c (the global options: include/icsview/cli/cli_options.h).
# Ids are listed by running `icsview tree --ascii` on the model named on
# the command line (-m/--model, before or after the command), else
# $ICSVIEW_MODEL, else the bundled data.

_icsview_commands='check find show history tree export diagram review diff import help'
_icsview_opts_global='-m --model= --notes= --ascii --progress --color='
_icsview_opts_browse="$_icsview_opts_global --fresh --since= -h --help"
_icsview_opts_check='-q --quiet --json --max-file-size= --max-depth= --max-scalar= --max-aliases=
	--max-alias-bytes= --max-anchor-bytes= --max-entities= --max-errors= -h --help'"
	$_icsview_opts_global"
_icsview_opts_find="-k --kind= -n --limit= --json -h --help $_icsview_opts_global"
_icsview_kinds='region system place partnership organisation board programme service
	initiative person source'
_icsview_opts_show="--json --rebuild -h --help $_icsview_opts_global"
_icsview_opts_history="--json --rebuild -h --help $_icsview_opts_global"
_icsview_opts_tree="-d --depth= -f --filter= --json --rebuild -h --help $_icsview_opts_global"
_icsview_opts_export="-F --format= --all --links -r --rel= -f --filter= --rebuild -h --help
	$_icsview_opts_global"
_icsview_formats='json csv dot svg png md'
_icsview_opts_diagram="-r --rel= -d --depth= -w --width= --rebuild -h --help $_icsview_opts_global"
_icsview_opts_review="-F --format= -o --output= --filter= --json --dry-run -h --help
	$_icsview_opts_global"
_icsview_review_formats='text md csv json'
_icsview_opts_diff="--old= --new= -f --filter= -F --format= --json -h --help $_icsview_opts_global"
_icsview_diff_formats='text md json'
_icsview_opts_import='-o --output= -h --help'

# The entity ids of the model, those beginning with $1 in any case, one a
# line.  Arguments after the second are the model options to pass on.
_icsview_ids()
{
	local prefix=$1 program=$2
	shift 2
	"$program" tree --ascii --depth=1000000 "$@" 2>/dev/null |
		sed -n 's/.*(\([^() ]*\))\( +[0-9]*\)\{0,1\}$/\1/p' |
		awk -v prefix="$prefix" 'index(tolower($0), tolower(prefix)) == 1 && !seen[$0]++'
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

	# The command is the first word past the leading global options (as
	# src/cli/main.c finds it); any other word there opens the interface
	# (it is then a path).
	local at=1
	while ((at < n - 1)); do
		case ${words[at]} in
		-m | --model | --notes | --color | --colour | --since) ((at += 2)) ;;
		-m?* | --model=* | --notes=* | --color=* | --colour=* | --ascii | --progress | --fresh | \
			--since=*) ((at++)) ;;
		*) break ;;
		esac
	done
	command=browse
	if ((at >= n - 1)); then
		((at == n - 1)) && [[ $cur != -* ]] && command=first
	else
		case ${words[at]} in
		check | find | show | history | tree | export | diagram | review | diff | import | help) command=${words[at]} ;;
		esac
	fi

	# The model named so far, for the ids.
	for ((i = 1; i < n - 1; i++)); do
		((i == at)) && continue
		word=${words[i]}
		case $word in
		-m | --model) ((i + 1 < n - 1)) && model+=("--model=${words[i + 1]/#\~/$HOME}"); ((i++)) ;;
		--model=*) model+=("--model=${word#--model=}") ;;
		-m?*) model+=("--model=${word#-m}") ;;
		-d | --depth | -w | --width | -k | --kind | -n | --limit | -f | --filter | -F | --format | -r | --rel | \
			-o | --output | --notes | --color | --colour | --old | --new | --since) ((i++)) ;;
		esac
	done

	# The value of an option: after "--opt=" or as the next word.
	case $cur in
	--*=*) prev=${cur%%=*}; cur=${cur#*=} ;;
	*) [[ $prev == --*=* ]] && prev= ;;
	esac
	case $command:$prev in
	*:-m | *:--model | *:--notes | browse:--since | review:-o | review:--output | diff:--old | diff:--new | import:-o | import:--output)
		_icsview_files "$cur"; return 0 ;;
	*:--color | *:--colour) _icsview_words 'auto always never' "$cur"; return 0 ;;
	find:-k | find:--kind) _icsview_words "$_icsview_kinds" "$cur"; return 0 ;;
	export:-F | export:--format) _icsview_words "$_icsview_formats" "$cur"; return 0 ;;
	review:-F | review:--format) _icsview_words "$_icsview_review_formats" "$cur"; return 0 ;;
	diff:-F | diff:--format) _icsview_words "$_icsview_diff_formats" "$cur"; return 0 ;;
	*:--*)
		# any other option given as --opt=value takes a number
		[[ ${words[n - 1]} == --*=* ]] && return 0 ;;
	esac
	case $command:$prev in
	tree:-d | tree:--depth | find:-n | find:--limit | check:--max-*) return 0 ;;
	diagram:-d | diagram:--depth | diagram:-w | diagram:--width | diagram:-r | diagram:--rel) return 0 ;;
	tree:-f | tree:--filter | export:-f | export:--filter | review:--filter | export:-r | export:--rel | \
		diff:-f | diff:--filter) return 0 ;;
	esac

	case $command in
	first)
		_icsview_words "$_icsview_commands" "$cur"
		local IFS=$'\n'
		compopt -o filenames 2>/dev/null
		COMPREPLY+=($(compgen -f -- "$cur")) ;;
	help)
		((n == at + 2)) && [[ $cur != -* ]] && _icsview_words "${_icsview_commands% help}" "$cur" ;;
	find)
		[[ $cur == -* ]] && _icsview_words "$_icsview_opts_find" "$cur" ;;
	review)
		if [[ $cur == -* ]]; then
			_icsview_words "$_icsview_opts_review" "$cur"
		else
			# list, export, history or import, once; import takes a file
			for ((i = at + 1; i < n - 1; i++)); do
				case ${words[i]} in
				-m | --model | -F | --format | -o | --output | --notes | --color | --colour) ((i++)) ;;
				-*) ;;
				import) _icsview_files "$cur"; return 0 ;;
				*) return 0 ;;
				esac
			done
			_icsview_words 'list export history import' "$cur"
		fi ;;
	import)
		if [[ $cur == -* ]]; then
			_icsview_words "$_icsview_opts_import" "$cur"
		else
			_icsview_files "$cur"
		fi ;;
	browse | check | diff)
		if [[ $cur == -* ]]; then
			local opts=_icsview_opts_$command
			opts=${!opts}
			((n == 2)) && opts+=' -V --version'
			_icsview_words "$opts" "$cur"
		else
			_icsview_files "$cur"
		fi ;;
	show | history | tree | export | diagram)
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
