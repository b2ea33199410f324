const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * Webpack config of one service: bundles the app and the workspace libs it imports (node_modules stay external)
 * into dist/apps/<app>/main.js, compiled by tsc (decorator metadata intact).
 */
module.exports = function appWebpackConfig(appDir, app) {
  return {
    output: { path: join(__dirname, 'dist/apps', app), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(appDir, 'src/main.ts'),
        tsConfig: join(appDir, 'tsconfig.app.json'),
        assets: [],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
