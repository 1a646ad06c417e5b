from mosaic.cli import main

main()
