return await GptBot.Host.GptBotApp.RunAsync(args);
