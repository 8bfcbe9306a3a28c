# A suite whose Python helper dies with a traceback after one check.
. tests/lib.sh
helper fixture/helper python3 -c 'print("ok fixture/helper-1"); 1 / 0'
echo end
