// A Vue plugin wrapping the widget: its methods forward to zE.
export default {
  install(Vue) {
    Vue.prototype.$zendesk = {
      show: () => window.zE('webWidget', 'show'),
      identify: (user) => window.zE('webWidget', 'identify', user),
      on: (event, cb) => window.zE('webWidget:on', event, cb),
    };
  },
};
