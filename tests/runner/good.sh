# A producer that does everything right: two checks, the end marker.
echo "ok fixture/good-1"
echo "ok fixture/good-2"
echo end
