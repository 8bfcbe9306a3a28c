# A suite that runs one check fewer than tests/runner/counts expects.
echo "ok fixture/fewer-1"
echo "ok fixture/fewer-2"
echo end
