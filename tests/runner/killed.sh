# A suite killed by a signal after its first check.
echo "ok fixture/killed-1"
kill -SEGV $$
echo "ok fixture/killed-2"
echo end
