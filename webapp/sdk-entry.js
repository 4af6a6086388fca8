// What the page (bot/webapp/static/app.js) uses of Telegram's Mini Apps SDK, exposed as window.TelegramSDK.
export {
  init, retrieveRawInitData, retrieveLaunchParams, on, off,
  miniApp, themeParams, viewport, backButton, mainButton, hapticFeedback, closingBehavior, popup,
} from "@telegram-apps/sdk";
