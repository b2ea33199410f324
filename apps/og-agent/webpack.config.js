module.exports = require('../../webpack.app')(__dirname, 'og-agent');
