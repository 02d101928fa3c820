# REST API-дің өз мәселелері.
problem-bad-request-title = Сұранысты оқу мүмкін емес
problem-bad-json = Сұраныс денесі бұл әдіс күтетін JSON емес ({ $reason }). API сипаттамасында аталған өрістері бар JSON нысанын және Content-Type: application/json тақырыбын жіберіңіз.
problem-body-too-large = Сұраныс денесі бұл әдіс қабылдайтын көлемнен үлкен. Бір сұраныста азырақ жіберіңіз (шектер API сипаттамасында көрсетілген) немесе оны бөліңіз.
problem-invalid-code-title = Таңбалау коды жарамсыз
problem-code-too-long = Код { $max } таңбадан ұзын, мұндай таңбалау кодтары болмайды. Кодты ғана, сканерленген күйінде жіберіңіз.
problem-bad-body = Сұраныс денесін оқу мүмкін болмады ({ $reason }). Деректерді қайтадан толық жіберіңіз.
problem-bad-query = Сұрау жолы бұл әдіс күткендей емес ({ $reason }). Параметрлердің атаулары мен мәндерін API сипаттамасымен салыстырыңыз.
problem-unauthenticated-title = Жүйеге кіру орындалмаған
auth-missing = Сұрауда тіркелгі деректері жоқ. API токеніңізбен «Authorization: Bearer» тақырыбын жіберіңіз (токенді «tanba participant token» командасы береді).
auth-scheme = Authorization тақырыбы «Bearer» сөзі мен токеннен тұруы керек. «Authorization: Bearer tanba_...» деп жіберіңіз.
auth-invalid = Токен белгісіз немесе кері қайтарылған. Операторден жаңа токен сұраңыз.
problem-invalid-title = Сұрау ережені бұзады
problem-forbidden-title = Әрекетке тыйым салынған
problem-conflict-title = Ағымдағы күймен қайшылық
