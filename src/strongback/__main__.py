from strongback.cli.app import main

main()
