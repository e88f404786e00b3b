"""Russian --help for the CLI: the English help text in the code is the key.

`translate_tree` swaps `help`/`short_help` of commands and `help` of parameters
for the Russian text when the interface language is Russian. A trailing
`Example: outreach …` stays exactly as written (commands are typed in English).
"""

from __future__ import annotations

import re
from typing import Any

from outreach.common.i18n import current_language

_EXAMPLE = re.compile(r"(?s)^(.*?)(\s*Example: .*)?$")

HELP_RU: dict[str, str] = {
    # outreach (root), demo, export, backup, settings
    "outreach: a teacher's workbench for outreach to students' parents.":
        "outreach: рабочее место учителя для связи с родителями учеников.",
    "Database file (default: OUTREACH_DB or the user data dir).":
        "Файл базы данных (по умолчанию: OUTREACH_DB или каталог данных пользователя).",
    "Interface language: ru | en.": "Язык интерфейса: ru | en.",
    "Without a command, open the Textual app.": "Без команды открывает приложение Textual.",
    "Copy the database with SQLite's backup API.": "Скопировать базу данных через backup API SQLite.",
    "The backup file to write.": "Файл резервной копии.",
    "Fill the database with realistic demo data.": "Заполнить базу правдоподобными демонстрационными данными.",
    "Replace the data in a non-empty database.": "Заменить данные в непустой базе.",
    "Fill only an empty database, then open the app.": "Заполнить только пустую базу, затем открыть приложение.",
    "Export every table as CSV.": "Выгрузить все таблицы в CSV.",
    "Directory to write <table>.csv files into.": "Каталог, куда записать файлы <таблица>.csv.",
    "Mask phones and e-mails.": "Скрыть телефоны и адреса e-mail.",
    "UTF-8 with BOM and ';' for Excel.": "UTF-8 с BOM и ';' для Excel.",
    "Show and change settings.": "Показать и изменить настройки.",
    "Change a setting.": "Изменить настройку.",
    "Setting key, e.g. quiet_hours.": "Ключ настройки, например quiet_hours.",
    "New value.": "Новое значение.",
    "Show all settings.": "Показать все настройки.",
    "Print one JSON document on stdout.": "Вывести один документ JSON в stdout.",
    "Install completion for the current shell.": "Установить автодополнение для текущей оболочки.",
    "Show completion for the current shell, to copy it or customize the installation.":
        "Показать автодополнение для текущей оболочки, чтобы скопировать его или настроить установку.",
    # channels
    "Channel preferences and the coverage report.": "Предпочтения каналов связи и отчёт об охвате.",
    "Change a guardian's channels.": "Изменить каналы связи родителя.",
    "The guardian's id.": "Id родителя.",
    "Preferred channels in order, e.g. telegram,email.": "Предпочитаемые каналы по порядку, например telegram,email.",
    "Never use this channel (repeatable).": "Никогда не использовать этот канал (можно повторять).",
    "Allow this channel again (repeatable).": "Снова разрешить этот канал (можно повторять).",
    "Quiet hours HH:MM-HH:MM, off, or default.": "Тихие часы ЧЧ:ММ-ЧЧ:ММ, off или default.",
    "CH=VALUE, e.g. telegram=123456789 (repeatable).": "КАНАЛ=ЗНАЧЕНИЕ, например telegram=123456789 (можно повторять).",
    "Show a guardian's channels and what can reach them now.":
        "Показать каналы родителя и то, чем до него можно достучаться сейчас.",
    "Who the audience reaches on which channel.": "Кого из аудитории через какой канал удастся достичь.",
    "Only this group (class).": "Только эта группа (класс).",
    "Print the guardian's MAX deep link (max.ru/<bot>?start=<token>).":
        "Показать личную ссылку родителя на бота MAX (max.ru/<бот>?start=<код>).",
    "Read the MAX bot's new updates: store the parents who started it by their link, record pressed buttons.":
        "Прочитать новые события бота MAX: запомнить родителей, открывших бота по своей ссылке, записать нажатые кнопки.",
    "Who answered the invitation (buttons, e-mail), what, and who did not.":
        "Кто и как ответил на приглашение (кнопками, письмом), и кто не ответил.",
    "Put «Приду / Не смогу» buttons on this message (Telegram and MAX; e-mails get reply words).":
        "Добавить к сообщению кнопки «Приду / Не смогу» (Telegram и MAX; в письмах — слова для ответа).",
    "When the event is, ДД.ММ.ГГГГ ЧЧ:ММ: the e-mails carry it as an .ics invitation (puts the buttons on).":
        "Когда событие, ДД.ММ.ГГГГ ЧЧ:ММ: письма понесут его приглашением .ics (и кнопки ответа).",
    "An invitation to an event at ДД.ММ.ГГГГ ЧЧ:ММ: answer buttons, and an .ics in the e-mails (see message rsvp).":
        "Приглашение на событие в ДД.ММ.ГГГГ ЧЧ:ММ: кнопки ответа и .ics в письмах (см. message rsvp).",
    "How long the event lasts, in minutes (60 unless set).":
        "Сколько длится событие, в минутах (по умолчанию 60).",
    "Where the event is (the message's place value unless set).":
        "Где проходит событие (по умолчанию — значение place сообщения).",
    "The event's name in the calendar (the message's title unless set).":
        "Название события в календаре (по умолчанию — название сообщения).",
    "Draft a reminder with the buttons to those who did not answer.":
        "Подготовить напоминание с кнопками тем, кто не ответил.",
    "Print the guardian's Telegram deep link (t.me/<bot>?start=<token>).":
        "Вывести ссылку-приглашение в Telegram для родителя (t.me/<бот>?start=<токен>).",
    "Read the bot's new /start messages and store the chat ids.":
        "Прочитать новые сообщения /start боту и сохранить id чатов.",
    "A printable sheet per class: each parent not yet linked, their child, their own t.me link with a QR code.":
        "Лист для печати по каждому классу: родители без Telegram, их ребёнок, личная ссылка t.me с QR-кодом.",
    "The HTML file to write, or a directory for telegram-links.html.":
        "Файл HTML или каталог для telegram-links.html.",
    "Also write the links as a list to this file (.xlsx, or CSV for Excel).":
        "Записать ссылки ещё и списком в этот файл (.xlsx или CSV для Excel).",
    "Draft a message with each parent's own Telegram link to the parents not yet linked whom e-mail reaches.":
        "Подготовить черновик сообщения с личной ссылкой Telegram родителям без Telegram, до которых доходит почта.",
    # contest
    "The family driving competition: contests, teams, results, scoreboard.":
        "Семейные автосоревнования: соревнования, команды, результаты, таблица.",
    "The scoring presets shipped in data/contests.": "Готовые правила подсчёта очков из data/contests.",
    "Create a contest from a preset.": "Создать соревнование по готовым правилам.",
    "The contest's title.": "Название соревнования.",
    "Scoring preset slug.": "Идентификатор правил подсчёта очков.",
    "ДД.ММ.ГГГГ or YYYY-MM-DD.": "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.",
    "Where it takes place.": "Место проведения.",
    "Every contest, newest first (earlier years stay).": "Все соревнования, сначала новые (прошлые годы сохраняются).",
    "A contest's events, penalty table and teams.": "Дисциплины, таблица штрафов и команды соревнования.",
    "The contest's id.": "Id соревнования.",
    "Change an event's scoring in this contest.": "Изменить подсчёт очков дисциплины в этом соревновании.",
    "The event's slug.": "Идентификатор дисциплины.",
    "student | parent | relay.": "student (ученик) | parent (родитель) | relay (эстафета).",
    "Points added to the worst finisher for a DNF.": "Очки сверх худшего финишировавшего за сход с дистанции.",
    "Points per wrong theory answer.": "Очки за каждый неверный ответ по теории.",
    "Change a fault's penalty in this contest.": "Изменить штраф за ошибку в этом соревновании.",
    "The fault's code or short name, e.g. cone or конус.": "Код штрафа или его короткое название, например cone или конус.",
    "Penalty points per fault (a decimal comma is fine).": "Штрафные очки за одну ошибку (можно с запятой: 7,5).",
    "Allow a guardian the roster does not link to the student (a relative).":
        "Разрешить взрослого, который в списке не связан с учеником (например, родственника).",
    "Enter or replace a result.": "Внести или заменить результат.",
    "The team's start number.": "Стартовый номер команды.",
    "The event's slug, e.g. slalom.": "Идентификатор дисциплины, например slalom.",
    "Seconds (52,3 or 52.3) or minutes:seconds (1:05,3).": "Секунды (52,3 или 52.3) или минуты:секунды (1:05,3).",
    "Wrong answers (theory).": "Неверные ответы (теория).",
    "A fault, e.g. cone=2 or конус=2 (repeatable).": "Штраф, например конус=2 или cone=2 (можно повторять).",
    "Did not finish, or skipped the figure.": "Не финишировала или пропустила фигуру.",
    "Disqualify the team, e.g. 'seat belt'.": "Дисквалифицировать команду, например 'ремень безопасности'.",
    "Remove a result entered by mistake.": "Удалить ошибочно внесённый результат.",
    "The standings.": "Турнирная таблица.",
    "Export the standings or the protocol as CSV.": "Выгрузить турнирную таблицу или протокол в CSV.",
    "A CSV file (a .xlsx name: an Excel workbook), '-' for stdout, or a directory for both files.":
        "Файл CSV (для имени .xlsx — книга Excel), '-' для stdout или каталог для обоих файлов.",
    "A directory gets standings.xlsx and protocol.xlsx (Excel workbooks).":
        "В каталог записать standings.xlsx и protocol.xlsx (книги Excel).",
    "The full protocol (every team × event) instead of the standings.":
        "Полный протокол (каждая команда × дисциплина) вместо турнирной таблицы.",
    "Lock a finished contest: results can no longer change.":
        "Закрыть завершённое соревнование: результаты больше нельзя изменить.",
    "Unlock a finished contest to correct a result.": "Открыть завершённое соревнование, чтобы исправить результат.",
    "The printable spectator memo: date, place, a road-safety note, the school's links with QR codes.":
        "Памятка зрителям для печати: дата, место, заметка о безопасности на дороге, ссылки школы с QR-кодами.",
    "The HTML file to write, or a directory for contest-ID-memo.html.":
        "Файл HTML или каталог для contest-ID-memo.html.",
    "Compose the invitation (template family-contest) with the contest's date and place.":
        "Составить приглашение (шаблон family-contest) с датой и местом соревнования.",
    "all | group:NAME | guardian:ID | not-answered:SURVEY_ID (repeatable).":
        "all | group:ИМЯ | guardian:ID | not-answered:ID_ОПРОСА (можно повторять).",
    "KEY=VALUE overriding the contest's date, place or deadline (repeatable).":
        "КЛЮЧ=ЗНАЧЕНИЕ вместо даты, места или срока соревнования (можно повторять).",
    "preferred (first reachable channel) | duplicate (every one).":
        "preferred (первый доступный канал) | duplicate (все каналы).",
    "Post once on site, forum, blog, vk_group, telegram_group, max_group, paper (repeatable).":
        "Опубликовать один раз: site, forum, blog, vk_group, telegram_group, max_group, paper (можно повторять).",
    "Teams of a contest.": "Команды соревнования.",
    "Enter a team.": "Записать команду.",
    "The student driver's id.": "Id ученика-водителя.",
    "A guardian's id (repeatable).": "Id родителя (можно повторять).",
    "Team name (default: the family's surname).": "Название команды (по умолчанию: фамилия семьи).",
    "Start number (default: next free).": "Стартовый номер (по умолчанию: следующий свободный).",
    "The event's name in the current language.": "Название дисциплины на текущем языке.",
    "Change a team's name, start number or guardians; its results stay.":
        "Изменить название, стартовый номер или родителей команды; её результаты сохраняются.",
    "Team name ('' for the family's surname).": "Название команды ('' — фамилия семьи).",
    "A new start number.": "Новый стартовый номер.",
    "The team's guardians from now on (repeatable).": "Родители в команде вместо прежних (можно повторять).",
    "Take a team out of the contest; its results are removed with it.":
        "Снять команду с соревнования; её результаты удаляются вместе с ней.",
    # message
    "Messages to parents: templates, compose, plan, send, delivery log.":
        "Сообщения родителям: шаблоны, составление, план, отправка, журнал доставки.",
    "List message templates.": "Показать шаблоны сообщений.",
    "Templates in every language.": "Шаблоны на всех языках.",
    "Add your own template.": "Добавить свой шаблон.",
    "A Markdown file with front matter (title, channels, variables).":
        "Файл Markdown с заголовочным блоком (title, channels, variables).",
    "Its name (default: the file name).": "Его имя (по умолчанию: имя файла).",
    "Its language: ru | en (default: the UI's).": "Его язык: ru | en (по умолчанию: язык интерфейса).",
    "Replace your own template of that name.": "Заменить свой шаблон с таким именем.",
    "Save a template (shipped or yours) as your own, to edit its file.":
        "Сохранить шаблон (встроенный или свой) как свой, чтобы править его файл.",
    "The template to start from: slug or lang/slug (en/ice-safety).":
        "Шаблон, с которого начать: имя или язык/имя (en/ice-safety).",
    "Your copy's name (default: the same; yours then wins over the shipped one).":
        "Имя вашей копии (по умолчанию то же: тогда ваш шаблон заменяет встроенный).",
    "Its title (default: the template's).": "Его название (по умолчанию: как у шаблона).",
    "Its language: ru | en (default: the template's).": "Его язык: ru | en (по умолчанию: язык шаблона).",
    "Compose a message and plan its deliveries.": "Составить сообщение и спланировать его доставку.",
    "Template slug, or lang/slug (en/ice-safety).": "Идентификатор шаблона или язык/идентификатор (en/ice-safety).",
    "The message's own text (Markdown); without --template, a message with no template.":
        "Собственный текст сообщения (Markdown); без --template — сообщение без шаблона.",
    "Read the message's own text from this file (UTF-8).": "Прочитать собственный текст сообщения из этого файла (UTF-8).",
    "The e-mail subject (default: the template's, or the text's first line).":
        "Тема письма (по умолчанию — из шаблона или первая строка текста).",
    "KEY=VALUE for the template (repeatable).": "КЛЮЧ=ЗНАЧЕНИЕ для шаблона (можно повторять).",
    "A file to attach to the e-mails (repeatable; at most 10 MB in all).":
        "Файл, который приложить к письмам (можно повторять; всего не больше 10 МБ).",
    "Messages composed so far, newest first.": "Составленные сообщения, сначала новые.",
    "Show the message as one parent receives it.": "Показать сообщение так, как его получит родитель.",
    "The message id.": "Id сообщения.",
    "Render for this guardian.": "Подставить данные этого родителя.",
    "What sending would do now.": "Что сделала бы отправка сейчас.",
    "Send the message's queued deliveries.": "Отправить доставки сообщения из очереди.",
    "Do not ask for confirmation.": "Не спрашивать подтверждения.",
    "Show what would happen; send nothing.": "Показать, что произойдёт; ничего не отправлять.",
    "Folder for posts, lists and the memo.": "Папка для публикаций, списков и памятки.",
    "Every delivery of a message with its status.": "Все доставки сообщения с их статусом.",
    "Only rows in this status (repeatable).": "Только строки с этим статусом (можно повторять).",
    "Queue failed deliveries again (the next send takes them).":
        "Снова поставить в очередь неудавшиеся доставки (их заберёт следующая отправка).",
    "Also rows whose fate is unknown (they may have arrived).":
        "Также строки с неизвестной судьбой (они могли дойти).",
    "Only this delivery row id (repeatable).": "Только строка доставки с этим id (можно повторять).",
    "Write the posts, SMS/call lists and the paper memo.":
        "Записать публикации, списки для SMS и звонков и бумажную памятку.",
    "Folder to write the posts, lists and memo into.": "Папка, куда записать публикации, списки и памятку.",
    # roster
    "The parent roster: import, list, edit, consent, forget, export.":
        "Список родителей: импорт, просмотр, правка, согласия, удаление данных, выгрузка.",
    "Import a roster file.": "Импортировать файл со списком.",
    "Roster file: CSV, XLSX, ODS or XLS.": "Файл списка: CSV, XLSX, ODS или XLS.",
    "Class for rows without one; never overrides a class the file states.":
        "Класс для строк, где он не указан; класс, указанный в файле, не заменяет.",
    "Read only this workbook sheet (repeatable); default: every non-empty sheet.":
        "Читать только этот лист книги (можно повторять); по умолчанию — все непустые листы.",
    "The header's row number as the spreadsheet shows it; default: found.":
        "Номер строки заголовков, как его показывает табличная программа; по умолчанию — найти самому.",
    "Force the encoding (utf-8, cp1251…).": "Задать кодировку явно (utf-8, cp1251…).",
    "Force the delimiter (',' ';' tab).": "Задать разделитель явно (',' ';' tab).",
    "'Header=field', a field with its person's slot, e.g. 'Мама=mother.fio', 'Phone 2=parent2.phone'.": "'Заголовок=поле', поле вместе с тем, чьё оно, например 'Мама=mother.fio', 'Phone 2=parent2.phone'.",
    "Show what would change; write nothing.": "Показать, что изменится; ничего не записывать.",
    "Import the good rows, write rejects.": "Импортировать корректные строки, отклонённые записать отдельно.",
    "Where to write rejected rows (default: FILE.rejects.xlsx; a .csv name gets CSV).":
        "Куда записать отклонённые строки (по умолчанию ФАЙЛ.rejects.xlsx; для имени .csv — CSV).",
    "List guardians with their children.": "Показать родителей с их детьми.",
    "Any part of a name, phone or e-mail.": "Любая часть ФИО, телефона или e-mail.",
    "Add a guardian.": "Добавить родителя.",
    "Surname (Фамилия).": "Фамилия.",
    "Given name (Имя).": "Имя.",
    "Patronymic (Отчество).": "Отчество.",
    "Phone in any common format.": "Телефон в любом привычном формате.",
    "E-mail address.": "Адрес e-mail.",
    "Telegram @handle, t.me link or chat id.": "Telegram: @имя, ссылка t.me или id чата.",
    "VK id or vk.com link.": "Id ВКонтакте или ссылка vk.com.",
    "MAX handle or phone.": "Имя в MAX или телефон.",
    "Notes for the teacher.": "Заметки для учителя.",
    "Link to this student id (repeatable).": "Связать с учеником с этим id (можно повторять).",
    "Relation to the student(s): mother, father, …": "Кем приходится ученику (ученикам): mother, father, …",
    "Add a student.": "Добавить ученика.",
    "Surname.": "Фамилия.",
    "Given name.": "Имя.",
    "Group (class), created if new.": "Группа (класс); новая будет создана.",
    "Patronymic.": "Отчество.",
    "Link to this guardian id (repeatable).": "Связать с родителем с этим id (можно повторять).",
    "The guardian's relation to the student.": "Кем родитель приходится ученику.",
    "Edit a guardian or a student.": "Изменить данные родителя или ученика.",
    "A guardian id.": "Id родителя.",
    "A student id.": "Id ученика.",
    "New surname.": "Новая фамилия.",
    "New given name.": "Новое имя.",
    "New patronymic.": "Новое отчество.",
    "New phone ('' clears).": "Новый телефон ('' очищает).",
    "New e-mail ('' clears).": "Новый e-mail ('' очищает).",
    "New Telegram ('' clears).": "Новый Telegram ('' очищает).",
    "New VK ('' clears).": "Новый ВКонтакте ('' очищает).",
    "New MAX ('' clears).": "Новый MAX ('' очищает).",
    "New notes ('' clears).": "Новые заметки ('' очищает).",
    "New group (students only).": "Новая группа (только для учеников).",
    "Remove a guardian or a student from the roster.": "Убрать родителя или ученика из списка.",
    "Record consent to personal-data processing.": "Отметить согласие на обработку персональных данных.",
    "Guardian ids.": "Id родителей.",
    "Every guardian.": "Все родители.",
    "Record consent given.": "Отметить, что согласие дано.",
    "Record consent withdrawn.": "Отметить, что согласие отозвано.",
    "Date of the signed form, ДД.ММ.ГГГГ or YYYY-MM-DD.": "Дата подписанного бланка, ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.",
    "What the consent covers.": "На что распространяется согласие.",
    "Erase a family's personal data everywhere (152-FZ).": "Стереть персональные данные семьи отовсюду (152-ФЗ).",
    "Export the roster as CSV.": "Выгрузить список в CSV.",
    "CSV file to write (a .xlsx name: an Excel workbook), or - for stdout.":
        "Файл CSV (для имени .xlsx — книга Excel) или - для stdout.",
    # survey
    "Parent surveys: templates, Google/Yandex Forms imports, results, channels.":
        "Опросы родителей: шаблоны, импорт из Google/Яндекс Форм, результаты, каналы.",
    "List the shipped survey templates.": "Показать готовые шаблоны опросов.",
    "Create a survey from a template in the interface language.": "Создать опрос по шаблону на языке интерфейса.",
    "Template slug: channels, satisfaction.": "Идентификатор шаблона: channels, satisfaction.",
    "Title (default: the template's).": "Название (по умолчанию: из шаблона).",
    "List surveys with their response counts.": "Показать опросы с числом ответов.",
    "Show a survey's questions and options.": "Показать вопросы и варианты ответов опроса.",
    "The survey's id.": "Id опроса.",
    "Import form responses.": "Импортировать ответы из формы.",
    "The CSV or XLSX exported by Google Forms, Yandex Forms or LimeSurvey.":
        "Файл CSV или XLSX, выгруженный из Google Форм, Яндекс Форм или LimeSurvey.",
    "Import into this existing survey.": "Импортировать в этот существующий опрос.",
    "Create a survey with this title from the file.": "Создать из файла опрос с этим названием.",
    "Match respondents to guardians by: email | phone.": "Сопоставлять респондентов с родителями по: email | phone.",
    "Show what would be imported; write nothing.": "Показать, что будет импортировано; ничего не записывать.",
    "Counts, percentages and bars per question.": "Количества, проценты и диаграммы по каждому вопросу.",
    "Only respondents from this group (class).": "Только респонденты из этой группы (класса).",
    "Export raw responses or the summary as CSV.": "Выгрузить исходные ответы или сводку в CSV.",
    "The CSV file to write (a .xlsx name: an Excel workbook; '-' for stdout).":
        "Файл CSV (для имени .xlsx — книга Excel; '-' для stdout).",
    "Counts per answer instead of raw responses.": "Количество по каждому ответу вместо исходных ответов.",
    "Ask a survey by bot in Telegram and MAX, a question a message, of linked parents not asked before.":
        "Задать опрос через бота в Telegram и MAX, по вопросу в сообщении, родителям, подключившим бота и ещё не получавшим его.",
    "Only count the parents it would go to.": "Только посчитать родителей, которым он уйдёт.",
    "Set matched guardians' preferred channels from a channel survey.":
        "Задать найденным родителям предпочитаемые каналы по опросу о каналах.",
    "Only show the preview.": "Только показать предварительный просмотр.",
    "Also set quiet hours from the answer about a convenient time.":
        "Заодно задать тихие часы по ответу об удобном времени.",
    "Enter a paper questionnaire.": "Внести бумажную анкету.",
    "QUESTION_ID=ANSWER; repeat for each answer, '; ' between several.":
        "ID_ВОПРОСА=ОТВЕТ; повторять для каждого ответа, '; ' между несколькими.",
    "The respondent's guardian id.": "Id родителя-респондента.",
    "Who filled it in: any part of the name, an e-mail or a phone.":
        "Кто заполнил: любая часть имени, e-mail или телефон.",
    "Correct a question; answers are re-read.": "Исправить вопрос; ответы будут перечитаны.",
    "The question's id (see survey show).": "Id вопроса (см. survey show).",
    "New question text.": "Новый текст вопроса.",
    "single | multiple | scale | yesno | text.": "single | multiple | scale | yesno | text.",
    "A new answer option (repeatable).": "Новый вариант ответа (можно повторять).",
    "'Option=channel' for apply-channels (repeatable).": "'Вариант=канал' для apply-channels (можно повторять).",
    "Delete a survey with all its responses.": "Удалить опрос со всеми ответами.",
    "The child's ФИО: found in --group, or added.": "ФИО ребёнка: найдём в --group или добавим.",
    "The child's group (class).": "Класс (группа) ребёнка.",
    "Any part of the student's name.": "Любая часть ФИО ученика.",
    "Only students no guardian is linked to yet.": "Только ученики, с которыми ещё не связан ни один родитель.",
    "List students with their class and guardians' ids.": "Список учеников с классом и номерами родителей.",
    "The guardian's relation to the child: mother, father, …": "Кем родитель приходится ребёнку: мать, отец, …",
    "Link a guardian to a child, by student id or by name and class (the student is added if new).":
        "Связать родителя с ребёнком — по номеру ученика или по ФИО и классу (нового ученика добавим).",
    # message list / schedule / duplicate / delete, send-due (send-due branch)
    "Only messages whose title, text or audience contains this.":
        "Только сообщения, в названии, тексте или адресатах которых есть эти слова.",
    "Send a message at a chosen time (by send-due or the open app).":
        "Отправить сообщение в выбранное время (через send-due или открытое приложение).",
    "When to send: ДД.ММ.ГГГГ ЧЧ:ММ or ISO, local time.": "Когда отправить: ДД.ММ.ГГГГ ЧЧ:ММ или ISO, местное время.",
    "Keep it as a draft instead (no time).": "Оставить черновиком (без времени отправки).",
    "A new draft with the same text for another audience.": "Новый черновик с тем же текстом для других адресатов.",
    "Delete a draft (a message nothing of which has gone out).":
        "Удалить черновик (сообщение, из которого ещё ничего не ушло).",
    "Send scheduled messages and those quiet hours held back, now due (for cron or a timer).":
        "Отправить запланированные сообщения и отложенные из-за тихих часов, если пришло время (для cron или таймера).",
    "Write a systemd user timer that runs this every 5 minutes.":
        "Записать пользовательский таймер systemd, который запускает это каждые 5 минут.",
    # inbox
    "Parents' messages: fetch, list, answer.": "Сообщения родителей: получить, показать, ответить.",
    "Fetch new messages (IMAP, Telegram) and send due auto-replies.":
        "Получить новые сообщения (IMAP, Telegram) и отправить положенные автоответы.",
    "Threads per parent and channel, the latest first.": "Переписки по родителям и каналам, сначала последние.",
    "Only threads with unread messages.": "Только переписки с непрочитанными сообщениями.",
    "Answer the parent over the thread's channel.": "Ответить родителю через канал этой переписки.",
    "The thread's id (outreach inbox list).": "Номер переписки (outreach inbox list).",
    "The answer's text.": "Текст ответа.",
    "Mark the thread's messages as dealt with.": "Отметить сообщения переписки как разобранные.",
    "Children whose parents wrote they will be absent that day.":
        "Дети, о чьём отсутствии в этот день написали родители.",
    "ДД.ММ.ГГГГ or YYYY-MM-DD (default: today).": "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД (по умолчанию сегодня).",
    "Write the list to this file: a .xlsx name gets a workbook, any other CSV (- for stdout).":
        "Записать список в файл: для имени .xlsx — книга Excel, для другого — CSV (- — в стандартный вывод).",
}


def translate(text: str | None) -> str | None:
    """The Russian for one help text, the `Example: …` tail kept verbatim; None if unknown."""
    if not text:
        return None
    match = _EXAMPLE.match(text)
    if match is None:  # the pattern matches any text; mypy cannot know
        return None
    prose, example = match.groups()
    russian = HELP_RU.get(prose.strip())
    return None if russian is None else russian + (example or "")


def help_texts(command: Any) -> list[str]:
    """The help strings of one command itself (not its sub-commands)."""
    texts = [command.help, command.short_help, *(getattr(p, "help", None) for p in command.params)]
    return [text for text in texts if text]


def translate_command(command: Any) -> None:
    """Swap one command's own help texts for Russian where a translation exists."""
    for attr in ("help", "short_help"):
        russian = translate(getattr(command, attr, None))
        if russian:
            setattr(command, attr, russian)
    for param in command.params:
        russian = translate(getattr(param, "help", None))
        if russian:
            param.help = russian
    _translate_help_option(command)


def _translate_help_option(command: Any) -> None:
    import typer

    from outreach.cli.click_text import localize_help_option

    localize_help_option(command.get_help_option(typer.Context(command)))


def translate_tree(command: Any, lang: str | None = None, *, loaded_only: bool = False) -> Any:
    """Translate `command` and its sub-commands when the language is Russian.

    `loaded_only` walks only sub-commands already built (the root's lazy sections stay unloaded).
    """
    if (lang or current_language()) != "ru":
        return command
    translate_command(command)
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return command
    for sub in subcommands.values() if loaded_only else _children(command):
        translate_tree(sub, "ru", loaded_only=loaded_only)
    return command


def _children(command: Any) -> list[Any]:
    import typer

    ctx = typer.Context(command)
    return [command.get_command(ctx, name) for name in command.list_commands(ctx)]
