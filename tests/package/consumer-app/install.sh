npm install session-first xstate @xstate/react react-router
npm install --save-dev msw
npx msw init public --save
