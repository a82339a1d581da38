/**
 * The pages' words, Chinese first (zh-CN) with an English switch. Plain words for an 80-year-old:
 * short sentences, no jargon, say what to do next.
 *
 * Static text in the HTML carries `data-i18n="key"` (text) or `data-i18n-attr="attr:key,attr:key"`;
 * `applyTranslations()` fills both, so the HTML's own Chinese is only the first paint.
 */

export type Lang = 'zh' | 'en';
export interface Localized {
  zh: string;
  en: string;
}

const zh = {
  'site.name': '社区服务',
  'site.help': '不会填或有疑问，可以请家人帮忙，或直接联系您的网格员。',
  'lang.other': 'English',
  'common.loading': '正在加载，请稍候……',
  'common.retry': '再试一次',
  'common.required': '（必填）',
  'common.optional': '（可以不填）',
  'common.network': '网络好像断了，没有连上。您填写的内容都还在，请检查网络后再试一次。',
  'common.server': '系统暂时出了问题。您填写的内容都还在，请过一会儿再试一次。',
  'common.errorPrefix': '错误：',
  'common.copied': '链接已复制。',
  'common.copyFailed': '没能自动复制，请长按上面的链接手动复制。',
  'common.listSeparator': '、',

  'form.title': '提交需求 · 社区服务',
  'form.heading': '告诉社区您需要什么帮助',
  'form.intro': '填好下面几项，再点最下面的“提交”。标着“必填”的一定要填。',
  'form.loadError': '服务项目没有加载出来。请检查网络，然后点“再试一次”。',
  'form.recent': '您提交过的需求',
  'form.recentItem': '{category}，{date}提交 —— 查看进度',

  'category.legend': '您需要什么服务？',
  'category.hint': '选一项。',
  'category.escalateHint': '如下水道堵了、乱停车、楼道充电等，由社区工作人员处理',

  'description.label': '请简单说说具体情况',
  'description.hint': '例如：厨房水龙头漏水，想请师傅上门修。',
  'description.counter': '已写 {count} 字，最多 {max} 字',
  'description.counterOver': '已写 {count} 字，超出了 {over} 字',

  'place.legend': '您住在哪里？',
  'community.label': '社区',
  'community.choose': '请选择社区',
  'grid.label': '网格',
  'grid.hint': '不清楚可以不选。',
  'grid.none': '不清楚',
  'address.label': '门牌号',
  'address.hint': '例如：3栋2单元501室。',

  'when.legend': '什么时候方便？',
  'when.hint': '不确定就选“时间不限”，社区会和您商量。',
  'when.any': '时间不限',
  'when.today': '今天',
  'when.tomorrow': '明天',
  'when.date': '选一个日期',
  'when.dateLabel': '日期',
  'when.partLegend': '哪个时段？',
  'when.part.allday': '全天都可以（8:00–20:00）',
  'when.part.morning': '上午（8:00–12:00）',
  'when.part.afternoon': '下午（13:00–18:00）',

  'urgency.legend': '急不急？',
  'urgency.normal': '不太急',
  'urgency.urgent': '很急，今天就需要帮助',

  'groups.legend': '家里有以下情况吗？',
  'groups.hint': '可以选几项，没有就不选。有这些情况的，社区会优先安排、上门服务。',
  'groups.elderly80': '80岁以上老人',
  'groups.livingAlone': '独居老人',
  'groups.disabled': '残疾人',
  'groups.seriouslyIll': '重病患者',
  'groups.infant': '0-3岁婴幼儿家庭',

  'contact.legend': '怎么联系您？',
  'name.label': '怎么称呼您',
  'name.hint': '例如：王阿姨、李师傅。',
  'phone.label': '手机号码',
  'phone.hint': '11位手机号。社区和服务人员会打这个电话联系您，不做别的用途。',

  'submit.button': '提交',
  'submit.sending': '正在提交，请稍候……',
  'summary.title': '还有几处需要改一下',
  'summary.fallback': '请检查后再提交。',

  'error.category': '请选一项服务',
  'error.categoryUnknown': '这项服务本区暂时没有，请选别的服务',
  'error.description': '请说说具体情况',
  'error.descriptionLong': '具体情况最多写 {max} 字，现在多了 {over} 字',
  'error.community': '请选择您住的社区',
  'error.grid': '这个网格不在所选社区里，请重新选择，或选“不清楚”',
  'error.address': '门牌号最多写 200 字',
  'error.whenDate': '请选一个日期',
  'error.whenPast': '这个时间已经过去了，请选以后的时间',
  'error.when': '时间没有填对，请重新选择',
  'error.urgency': '请选择急不急',
  'error.groups': '请重新勾选家里的情况',
  'error.name': '请写上怎么称呼您',
  'error.nameLong': '称呼最多写 50 字',
  'error.phone': '请填写11位手机号码，例如 138 0013 8000',
  'error.consent': '请勾选“我同意”，社区才能联系您、安排服务',
  'consent.legend': '同意我们使用您填的信息',
  'consent.hint': '您填的称呼、电话、地址和情况，只给社区工作人员和接单的合伙人，用来联系您、为您服务。合伙人接单后才能看到电话和地址，服务结束几天后就看不到了；服务结束一段时间后，这些信息会被删除。',
  'consent.personal': '我同意（必选）',
  'consent.sensitive': '我也同意把上面勾选的健康、残疾或婴幼儿情况告诉接单的合伙人。不同意也能提交，只是这些情况不会告诉合伙人。',
  'error.phoneMissing': '请填写手机号码',
  'error.body': '提交的内容有问题，请检查后再试一次',
  'error.tooLarge': '填写的内容太长了，请把“具体情况”写短一些',
  'error.conflict': '这份需求好像已经提交过了。请稍等一会儿，再看看“您提交过的需求”。',
  'error.duplicate': '这个手机号已有一条同类需求正在处理，不用再提交。请在“您提交过的需求”里查看进度；要补充情况，请联系社区。',
  'error.phoneOpenLimit': '这个手机号已有几条需求正在处理，请等其中一条完成或取消后再提交。急事请直接打电话给社区。',
  'error.phoneDailyLimit': '这个手机号今天提交的需求已经够多了，请明天再提交。急事请直接打电话给社区。',
  'error.tooFast': '提交得太快了，请等 {seconds} 秒再点“提交”，填好的内容不会丢。',

  'done.heading': '提交成功',
  'done.text': '社区已经收到您的需求，会尽快和您联系。',
  'done.keep': '请保存下面这个链接，以后点开它就能看到办理进度。可以复制后发给家人，也可以截屏保存。',
  'done.linkLabel': '查看进度的链接',
  'done.copy': '复制链接',
  'done.track': '查看办理进度',
  'done.another': '再提交一个需求',

  'track.title': '办理进度 · 社区服务',
  'track.heading': '办理进度',
  'track.missing': '这个链接不完整，看不到进度。请用提交后得到的完整链接打开。',
  'track.notFound': '找不到这个需求。请检查链接是否完整，或者联系社区。',
  'track.newNeed': '提交新的需求',
  'track.current': '现在的状态',
  'track.category': '服务',
  'track.community': '社区',
  'track.window': '希望的时间',
  'track.windowValue': '{from} 至 {to}',
  'track.urgent': '很急',
  'track.partner': '服务方',
  'track.availability': '什么时候来',
  'track.timeline': '办理经过',
  'track.reasonLabel': '原因：',
  'track.cancelledByResident': '是您自己取消的，没有写原因。',
  'track.updated': '最后更新：{time}。页面每15秒自动刷新。',
  'track.changed': '状态有更新：{status}',
  'track.refreshFailed': '刷新失败，网络好像断了。稍后会自动再试。',

  'next.submitted': '社区工作人员会尽快查看您的需求。',
  'next.awaitingConfirmation': '请输入发到您手机上的 6 位验证码，确认后马上为您安排服务。一直不确认的话，这条需求会在一天后关闭。',
  'next.offered': '已经联系了服务方，正在等对方答复。',
  'next.accepted': '服务方已经接单，会按约定的时间联系您。',
  'next.started': '服务正在进行。',
  'next.completed': '服务已经完成。欢迎给这次服务打个分。',
  'next.completedRated': '服务已经完成，您也评价过了。谢谢！',
  'next.completedNoRating': '服务已经完成。',
  'next.escalated': '这件事已交给社区工作人员处理，他们会联系您。',
  'next.cancelled': '这个需求已经取消。',
  'next.closed': '这个需求已经结束。',
  'next.waiting': '能提供这项服务的合伙人现在都满了，您在排队，一有空位会马上为您安排。',
  'next.referred': '这件事已转交相关单位处理，有结果会通知您。',
  'track.answerBy': '答复期限',
  'track.queue': '排队位置',
  'track.queueValue': '第 {position} 位',

  'cancel.button': '取消这个需求',
  'cancel.confirmHeading': '确定要取消吗？',
  'cancel.confirmText': '取消以后，社区和服务方就不再处理这个需求了。',
  'cancel.reasonLabel': '为什么取消？',
  'cancel.reasonHint': '可以不写，最多200字。',
  'cancel.confirm': '确定取消',
  'cancel.back': '不取消，返回',
  'cancel.done': '需求已经取消。',
  'cancel.tooLate': '服务已经开始了，不能在网上取消。请直接联系服务方或社区。',

  'rating.heading': '给这次服务打个分',
  'rating.starsLegend': '您满意吗？',
  'rating.star1': '1 星 · 很不满意',
  'rating.star2': '2 星 · 不满意',
  'rating.star3': '3 星 · 一般',
  'rating.star4': '4 星 · 满意',
  'rating.star5': '5 星 · 非常满意',
  'rating.tagsLegend': '哪些地方让您印象深？',
  'rating.tagsHint': '可以选几项，也可以不选。',
  'rating.tag.onTime': '准时',
  'rating.tag.friendly': '态度好',
  'rating.tag.skilled': '手艺好',
  'rating.tag.tidy': '干净整洁',
  'rating.tag.late': '来晚了',
  'rating.tag.notSolved': '问题没解决',
  'rating.commentLabel': '还想说点什么？',
  'rating.commentHint': '可以不写，最多 {max} 字。',
  'rating.submit': '提交评价',
  'rating.thanks': '谢谢您的评价！',
  'rating.yours': '您的评价：{stars} 星',
  'rating.yourTags': '您选的：{tags}',
  'rating.errorStars': '请选几颗星',
  'rating.errorComment': '最多写 {max} 字，现在多了 {over} 字',
  'rating.errorTags': '请重新勾选',
  'rating.conflict': '这次服务已经评价过了，或者还不能评价。',
  'rating.alreadyRated': '这次服务已经评价过了，每次服务只能评价一次。',

  'code.heading': '还差一步：输入短信验证码',
  'code.saved': '您的需求已经保存好了，不会丢。',
  'code.sentTo': '我们给 {phone} 发了一条短信，里面有 6 位数字的验证码。把验证码填在下面，点“确认”，社区马上为您安排服务。',
  'code.sentToUnknown': '我们给您填的手机号发了一条短信，里面有 6 位数字的验证码。把验证码填在下面，点“确认”，社区马上为您安排服务。',
  'code.label': '短信验证码（6 位数字）',
  'code.hint': '验证码 10 分钟内有效。看不清短信，可以请家人帮忙看一下。',
  'code.confirm': '确认',
  'code.resend': '重新发送验证码',
  'code.resendIn': '{seconds} 秒后可以重新发送',
  'code.resent': '新的验证码已经发出，请看手机短信。以前的验证码不能再用了。',
  'code.noMoreCodes': '这条需求的验证码已经发了好几次，不能再发了。请直接打电话给社区，工作人员可以帮您确认。',
  'code.checking': '正在确认……',
  'code.errorEmpty': '请填写短信里的 6 位数字验证码',
  'code.errorFormat': '验证码是 6 位数字，例如 123456',
  'code.later': '现在不方便的话，也可以稍后打开“办理进度”页面再输入验证码。',
  'code.notAwaiting': '这条需求已经不用再输入验证码了，请到“办理进度”页面查看。',
  'code.confirmed': '手机号已确认，社区正在为您安排服务。',
  'code.errorWrong': '验证码不对，请再看一下短信。还可以再试 {left} 次。',
  'code.errorUsedUp': '验证码输错的次数太多，这个验证码已经不能再用了。请点“重新发送验证码”。',
  'code.errorExpired': '验证码已经过期了，请点“重新发送验证码”。',
  'code.phoneLimit': '这个手机号今天收到或输入的验证码太多了，请明天再试。急事请直接打电话给社区。',
  'code.tooFast': '点得太快了，请等 {seconds} 秒再试。',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  'site.name': 'Community services',
  'site.help': 'If you need help filling this in, ask a family member or your grid worker.',
  'lang.other': '中文',
  'common.loading': 'Loading, please wait…',
  'common.retry': 'Try again',
  'common.required': '(required)',
  'common.optional': '(optional)',
  'common.network': 'The network seems to be down. Everything you typed is still here; check the connection and try again.',
  'common.server': 'Something went wrong on our side. Everything you typed is still here; please try again in a moment.',
  'common.errorPrefix': 'Error: ',
  'common.copied': 'Link copied.',
  'common.copyFailed': 'Could not copy automatically. Press and hold the link above to copy it.',
  'common.listSeparator': ', ',

  'form.title': 'Ask for help · Community services',
  'form.heading': 'Tell your community what help you need',
  'form.intro': 'Fill in the questions below, then press “Send” at the bottom. Questions marked “required” must be answered.',
  'form.loadError': 'The list of services did not load. Check the network, then press “Try again”.',
  'form.recent': 'Requests you have sent',
  'form.recentItem': '{category}, sent {date} — see progress',

  'category.legend': 'What service do you need?',
  'category.hint': 'Choose one.',
  'category.escalateHint': 'e.g. a blocked drain, parking, unsafe charging: handled by community staff',

  'description.label': 'Tell us briefly what is needed',
  'description.hint': 'For example: the kitchen tap leaks; I would like someone to come and fix it.',
  'description.counter': '{count} of at most {max} characters',
  'description.counterOver': '{count} characters, {over} too many',

  'place.legend': 'Where do you live?',
  'community.label': 'Community',
  'community.choose': 'Choose your community',
  'grid.label': 'Grid',
  'grid.hint': 'Leave it if you are not sure.',
  'grid.none': 'Not sure',
  'address.label': 'Address (building, flat)',
  'address.hint': 'For example: Building 3, Unit 2, Flat 501.',

  'when.legend': 'When suits you?',
  'when.hint': 'If you are not sure, choose “Any time”; the community will arrange it with you.',
  'when.any': 'Any time',
  'when.today': 'Today',
  'when.tomorrow': 'Tomorrow',
  'when.date': 'Choose a date',
  'when.dateLabel': 'Date',
  'when.partLegend': 'What time of day?',
  'when.part.allday': 'Any time of day (8:00–20:00)',
  'when.part.morning': 'Morning (8:00–12:00)',
  'when.part.afternoon': 'Afternoon (13:00–18:00)',

  'urgency.legend': 'How urgent is it?',
  'urgency.normal': 'Not very urgent',
  'urgency.urgent': 'Very urgent, help is needed today',

  'groups.legend': 'Does anyone at home belong to these groups?',
  'groups.hint': 'Choose any that apply, or none. These households get priority and home visits.',
  'groups.elderly80': 'Aged over 80',
  'groups.livingAlone': 'Elderly person living alone',
  'groups.disabled': 'Person with a disability',
  'groups.seriouslyIll': 'Seriously ill',
  'groups.infant': 'Family with a child aged 0–3',

  'contact.legend': 'How can we reach you?',
  'name.label': 'Your name',
  'name.hint': 'For example: Auntie Wang, Master Li.',
  'phone.label': 'Mobile number',
  'phone.hint': '11 digits. The community and the helper will call this number, for nothing else.',

  'submit.button': 'Send',
  'submit.sending': 'Sending, please wait…',
  'summary.title': 'A few things need changing',
  'summary.fallback': 'Please check and send again.',

  'error.category': 'Choose a service',
  'error.categoryUnknown': 'This service is not offered here yet; choose another',
  'error.description': 'Tell us what is needed',
  'error.descriptionLong': 'At most {max} characters; this is {over} too many',
  'error.community': 'Choose the community you live in',
  'error.grid': 'This grid is not in the chosen community; choose again or “Not sure”',
  'error.address': 'The address can be at most 200 characters',
  'error.whenDate': 'Choose a date',
  'error.whenPast': 'That time has passed; choose a later time',
  'error.when': 'The time is not right; choose again',
  'error.urgency': 'Choose how urgent it is',
  'error.groups': 'Tick the groups again',
  'error.name': 'Tell us what to call you',
  'error.nameLong': 'The name can be at most 50 characters',
  'error.phone': 'Enter an 11-digit mobile number, e.g. 138 0013 8000',
  'error.consent': 'Tick “I agree” so that the community can contact you and arrange the help',
  'consent.legend': 'Agree to how we use what you fill in',
  'consent.hint': 'Your name, phone, address and situation go only to community staff and the partner who takes your request, to contact and help you. The partner sees your phone and address only after accepting, and no longer a few days after the service ends; some time after that, this information is deleted.',
  'consent.personal': 'I agree (required)',
  'consent.sensitive': 'I also agree to tell the partner about the health, disability or young-child situation ticked above. You can send without agreeing; the partner will just not be told about it.',
  'error.phoneMissing': 'Enter your mobile number',
  'error.body': 'Something in the form is not right; check it and try again',
  'error.tooLarge': 'The form is too long; please shorten the description',
  'error.conflict': 'This request seems to have been sent already. Wait a moment, then look under “Requests you have sent”.',
  'error.duplicate': 'A request of this kind from this phone number is already being handled; there is no need to send it again. See “Requests you have sent”, or call the community to add details.',
  'error.phoneOpenLimit': 'This phone number already has several requests being handled. Please wait until one is done or cancelled. For anything urgent, call the community.',
  'error.phoneDailyLimit': 'This phone number has sent enough requests for today. Please send it tomorrow; for anything urgent, call the community.',
  'error.tooFast': 'Sent too quickly: please wait {seconds} seconds, then press “Send” again. What you filled in is kept.',

  'done.heading': 'Sent',
  'done.text': 'Your community has your request and will contact you soon.',
  'done.keep': 'Keep the link below: open it any time to see the progress. You can copy it to a family member, or take a screenshot.',
  'done.linkLabel': 'Link to the progress page',
  'done.copy': 'Copy link',
  'done.track': 'See the progress',
  'done.another': 'Send another request',

  'track.title': 'Progress · Community services',
  'track.heading': 'Progress',
  'track.missing': 'This link is incomplete, so the progress cannot be shown. Open the full link you got after sending.',
  'track.notFound': 'This request was not found. Check that the link is complete, or contact your community.',
  'track.newNeed': 'Send a new request',
  'track.current': 'Now',
  'track.category': 'Service',
  'track.community': 'Community',
  'track.window': 'Preferred time',
  'track.windowValue': '{from} to {to}',
  'track.urgent': 'Urgent',
  'track.partner': 'Helper',
  'track.availability': 'When',
  'track.timeline': 'What has happened',
  'track.reasonLabel': 'Reason: ',
  'track.cancelledByResident': 'You cancelled it without giving a reason.',
  'track.updated': 'Last updated {time}. This page refreshes every 15 seconds.',
  'track.changed': 'Status updated: {status}',
  'track.refreshFailed': 'Could not refresh: the network seems to be down. Trying again soon.',

  'next.submitted': 'Community staff will look at your request soon.',
  'next.awaitingConfirmation': 'Type the 6-digit code we sent to your phone: the service is arranged as soon as it is confirmed. A request never confirmed is closed after a day.',
  'next.offered': 'A helper has been asked; waiting for their answer.',
  'next.accepted': 'A helper has accepted and will contact you at the agreed time.',
  'next.started': 'The service is under way.',
  'next.completed': 'The service is done. Please rate it.',
  'next.completedRated': 'The service is done, and you have rated it. Thank you!',
  'next.completedNoRating': 'The service is done.',
  'next.escalated': 'Community staff have taken this over and will contact you.',
  'next.cancelled': 'This request was cancelled.',
  'next.closed': 'This request is closed.',
  'next.waiting': 'Every helper for this service is busy right now; you are in the queue and will be served as soon as one is free.',
  'next.referred': 'This has been passed to the responsible office; you will hear back.',
  'track.answerBy': 'Answer by',
  'track.queue': 'Place in the queue',
  'track.queueValue': 'number {position}',

  'cancel.button': 'Cancel this request',
  'cancel.confirmHeading': 'Cancel this request?',
  'cancel.confirmText': 'After cancelling, the community and helpers will stop working on it.',
  'cancel.reasonLabel': 'Why are you cancelling?',
  'cancel.reasonHint': 'Optional, at most 200 characters.',
  'cancel.confirm': 'Yes, cancel it',
  'cancel.back': 'No, go back',
  'cancel.done': 'The request is cancelled.',
  'cancel.tooLate': 'The service has already started and cannot be cancelled online. Please call the helper or your community.',

  'rating.heading': 'Rate this service',
  'rating.starsLegend': 'How satisfied are you?',
  'rating.star1': '1 star · very unhappy',
  'rating.star2': '2 stars · unhappy',
  'rating.star3': '3 stars · all right',
  'rating.star4': '4 stars · happy',
  'rating.star5': '5 stars · very happy',
  'rating.tagsLegend': 'What stood out?',
  'rating.tagsHint': 'Choose any, or none.',
  'rating.tag.onTime': 'On time',
  'rating.tag.friendly': 'Friendly',
  'rating.tag.skilled': 'Skilled',
  'rating.tag.tidy': 'Clean and tidy',
  'rating.tag.late': 'Came late',
  'rating.tag.notSolved': 'Problem not solved',
  'rating.commentLabel': 'Anything else to say?',
  'rating.commentHint': 'Optional, at most {max} characters.',
  'rating.submit': 'Send rating',
  'rating.thanks': 'Thank you for your rating!',
  'rating.yours': 'Your rating: {stars} stars',
  'rating.yourTags': 'You chose: {tags}',
  'rating.errorStars': 'Choose a number of stars',
  'rating.errorComment': 'At most {max} characters; this is {over} too many',
  'rating.errorTags': 'Tick again',
  'rating.conflict': 'This service has already been rated, or cannot be rated yet.',
  'rating.alreadyRated': 'This service has already been rated. Each service can be rated once.',

  'code.heading': 'One more step: the code we sent by text',
  'code.saved': 'Your request is saved and will not be lost.',
  'code.sentTo': 'We sent a text message with a 6-digit code to {phone}. Type the code below and press “Confirm”: the community then arranges the service at once.',
  'code.sentToUnknown': 'We sent a text message with a 6-digit code to the number you gave. Type the code below and press “Confirm”: the community then arranges the service at once.',
  'code.label': 'Code from the text message (6 digits)',
  'code.hint': 'The code works for 10 minutes. If the message is hard to read, ask a family member to help.',
  'code.confirm': 'Confirm',
  'code.resend': 'Send a new code',
  'code.resendIn': 'You can ask for a new code in {seconds} seconds',
  'code.resent': 'A new code is on its way: look at your text messages. The earlier code no longer works.',
  'code.noMoreCodes': 'Codes were sent several times for this request; no more can be sent. Please call the community: staff can confirm it for you.',
  'code.checking': 'Checking…',
  'code.errorEmpty': 'Type the 6-digit code from the text message',
  'code.errorFormat': 'The code is 6 digits, for example 123456',
  'code.later': 'If now is not a good time, open the progress page later and type the code there.',
  'code.notAwaiting': 'This request no longer needs a code: see the progress page.',
  'code.confirmed': 'Your number is confirmed: the community is arranging the service.',
  'code.errorWrong': 'That is not the code we sent: look at the text message again. {left} tries left.',
  'code.errorUsedUp': 'Too many wrong tries: this code no longer works. Press “Send a new code”.',
  'code.errorExpired': 'The code has expired. Press “Send a new code”.',
  'code.phoneLimit': 'This number has had too many codes today. Please try tomorrow; for anything urgent, call the community.',
  'code.tooFast': 'Too quick: please wait {seconds} seconds and try again.',
};

export type MessageKey = Key;
const messages: Record<Lang, Record<Key, string>> = { zh, en };
const storageKey = 'community-services.lang';
const listeners: Array<() => void> = [];

let current: Lang = initialLang();

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // Storage may be blocked (private mode): Chinese, the default, is right.
  }
  return 'zh';
}

export function lang(): Lang {
  return current;
}

/** The BCP 47 tag for `lang` attributes and Intl. */
export function langTag(value: Lang = current): string {
  return value === 'zh' ? 'zh-CN' : 'en';
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function localized(value: Localized | undefined, fallback = ''): string {
  if (!value) return fallback;
  return value[current] || value.zh || fallback;
}

export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

/** Fills every `[data-i18n]` text and `[data-i18n-attr]` attribute under `root`, and the page's lang. */
export function applyTranslations(root: ParentNode = document): void {
  document.documentElement.lang = langTag();
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    const key = element.dataset.i18n ?? '';
    if (isMessageKey(key)) element.textContent = t(key);
  }
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-attr]'))) {
    for (const pair of (element.dataset.i18nAttr ?? '').split(',')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key && isMessageKey(key)) element.setAttribute(attribute, t(key));
    }
  }
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-lang-switch]'))) {
    button.textContent = t('lang.other');
    // The button names the other language in that language, so it is read in that language.
    button.lang = langTag(current === 'zh' ? 'en' : 'zh');
  }
}

export function setLang(value: Lang): void {
  current = value;
  try {
    localStorage.setItem(storageKey, value);
  } catch {
    // Not remembered; still switched for this page.
  }
  applyTranslations();
  for (const listener of listeners) listener();
}

export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

/** Wires the header's language button and applies the stored language once. */
export function setUpLanguageSwitch(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-lang-switch]'))) {
    button.addEventListener('click', () => setLang(current === 'zh' ? 'en' : 'zh'));
  }
  applyTranslations();
}
