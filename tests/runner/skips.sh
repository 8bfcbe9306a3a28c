# A suite whose data is missing.
. tests/lib.sh
skip fixture/skips "no data here: this is a fixture"
echo end
