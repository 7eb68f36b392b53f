from bot.sandbox.slack_standin import main

raise SystemExit(main())
