#!/usr/bin/env bash
# Pure helpers of submit-scripts/crossvalidate.sh: reading its configuration files runs no job, so
# it can be tested on temporary files (etl/src/test/java/org/ecgplatform/etl/cli/CvLibTest.java).
# Source it; it defines functions only. Needs bash 4 (associative arrays).
#
#   ecg_cv_select_configs ONLY REFERENCE FILE...
#       Reads the configuration files in order and prints the selected lines, one per line, their
#       words joined by single spaces, in the order they are defined: "<name> key=value ..." or
#       "<name> models=<name> evaluation.key=value ...". ONLY is empty (every line) or names
#       separated by commas or spaces; the selection then also holds, for each name, the line its
#       models= names, and REFERENCE when that is a line (with the line its models= names;
#       REFERENCE may be empty, or name runs of an earlier command that no file defines). A name
#       defined again with the same words (one reference line shared by several files) counts
#       once; defined again differently, it is an error naming both places. Errors (status 2,
#       message on stderr, nothing on stdout): a file that cannot be read, a name other than
#       letters, digits and . _ - (names become directories), a word that is not key=value with an
#       etl., training. or evaluation. key, a models= that names no earlier line or a line that
#       trains nothing itself, a line with models= and any key other than evaluation.*, a name in
#       ONLY that no file defines, no line at all.

# Status 0 when $1 can name a configuration (and so a directory under runs/).
ecg_cv_valid_name() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]
}

ecg_cv_select_configs() {
  local only="$1" reference="$2"
  shift 2
  if [[ $# -eq 0 ]]; then
    echo "crossvalidate.sh: no configuration file given (--configs <file>, see --help)" >&2
    return 2
  fi
  local -a order=()
  local -A line_of=() where=() source_of=()
  local file n raw name kv src where_here
  local -a words own
  for file in "$@"; do
    if [[ ! -f "$file" || ! -r "$file" ]]; then
      echo "crossvalidate.sh: cannot read configuration file '$file' (--configs)" >&2
      return 2
    fi
    n=0
    while IFS= read -r raw || [[ -n "$raw" ]]; do
      n=$((n + 1))
      raw="${raw%%#*}"
      read -r -a words <<< "$raw"
      [[ ${#words[@]} -eq 0 ]] && continue
      name="${words[0]}"
      where_here="$file:$n"
      if ! ecg_cv_valid_name "$name"; then
        echo "crossvalidate.sh: $where_here: '$name' cannot name a configuration (letters, digits and . _ - only;" \
          "it names a directory under runs/)" >&2
        return 2
      fi
      src=""; own=()
      for kv in "${words[@]:1}"; do
        if [[ "$kv" == models=* ]]; then
          if [[ -n "$src" ]]; then
            echo "crossvalidate.sh: $where_here: configuration '$name' has models= twice" >&2
            return 2
          fi
          src="${kv#models=}"
        elif [[ "$kv" =~ ^(etl|training|evaluation)\.[^=]+=. ]]; then
          own+=("$kv")
        else
          echo "crossvalidate.sh: $where_here: configuration '$name': '$kv' is not key=value with an etl.*," \
            "training.* or evaluation.* key (or models=<earlier name>)" >&2
          return 2
        fi
      done
      if [[ -n "$src" ]]; then
        if [[ -z "${line_of[$src]+x}" ]]; then
          echo "crossvalidate.sh: $where_here: configuration '$name': models=$src names no earlier line" >&2
          return 2
        fi
        if [[ -n "${source_of[$src]}" ]]; then
          echo "crossvalidate.sh: $where_here: configuration '$name': models=$src names a line that trains nothing" \
            "itself (it scores the models of ${source_of[$src]}); name ${source_of[$src]}" >&2
          return 2
        fi
        for kv in ${own[@]+"${own[@]}"}; do
          if [[ "$kv" != evaluation.* ]]; then
            echo "crossvalidate.sh: $where_here: configuration '$name' scores the models of $src, so it takes" \
              "evaluation.* keys only, not '$kv'" >&2
            return 2
          fi
        done
      fi
      local normal="${words[*]}"
      if [[ -n "${line_of[$name]+x}" ]]; then
        if [[ "${line_of[$name]}" != "$normal" ]]; then
          echo "crossvalidate.sh: configuration '$name' is defined twice, differently: ${where[$name]} and" \
            "$where_here (one name, one configuration: its runs share runs/$name)" >&2
          return 2
        fi
        continue
      fi
      line_of[$name]="$normal"
      where[$name]="$where_here"
      source_of[$name]="$src"
      order+=("$name")
    done < "$file"
  done
  if [[ ${#order[@]} -eq 0 ]]; then
    echo "crossvalidate.sh: no configuration in $*" >&2
    return 2
  fi

  local -A selected=()
  if [[ -z "${only//[, ]/}" ]]; then
    for name in "${order[@]}"; do selected[$name]=1; done
  else
    local -a wanted unknown=()
    read -r -a wanted <<< "${only//,/ }"
    for name in "${wanted[@]}"; do
      if [[ -z "${line_of[$name]+x}" ]]; then unknown+=("$name"); continue; fi
      selected[$name]=1
      [[ -n "${source_of[$name]}" ]] && selected[${source_of[$name]}]=1
    done
    if [[ ${#unknown[@]} -gt 0 ]]; then
      echo "crossvalidate.sh: --only names no line of $*: ${unknown[*]}" >&2
      return 2
    fi
    if [[ -n "$reference" && -n "${line_of[$reference]+x}" ]]; then
      selected[$reference]=1
      [[ -n "${source_of[$reference]}" ]] && selected[${source_of[$reference]}]=1
    fi
  fi
  for name in "${order[@]}"; do
    [[ -n "${selected[$name]+x}" ]] && printf '%s\n' "${line_of[$name]}"
  done
  return 0
}
